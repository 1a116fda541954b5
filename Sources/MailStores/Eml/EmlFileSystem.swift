#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A path kept as the raw bytes the file system gave us, so names that are not valid UTF-8
/// still open; it becomes a `String` only for display (diagnostics, locations, folder names).
///
/// Paths are built only from the root the user gave and from directory entries, never from
/// anything read inside a file.
struct EmlPath: Hashable, Sendable {
    var bytes: [UInt8]

    init(_ path: String) {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        self.bytes = bytes
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// This path with one more component (a real directory entry).
    func appending(_ name: [UInt8]) -> EmlPath {
        var out = bytes
        out.reserveCapacity(bytes.count + 1 + name.count)
        if out.last != UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        out.append(contentsOf: name)
        return EmlPath(bytes: out)
    }

    /// The last component (the whole path when it has no `/`).
    var lastComponent: [UInt8] {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    /// The path for messages and reports (invalid UTF-8 shown with replacement characters).
    var display: String { String(decoding: bytes, as: UTF8.self) }

    /// Calls `body` with a NUL-terminated copy of the path.
    func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        var terminated = bytes
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // A non-empty array always has a base address.
                body(chars.baseAddress.unsafelyUnwrapped)
            }
        }
    }
}

/// An `errno` value from a failed system call.
struct EmlSystemError: Error, Sendable {
    var code: Int32

    /// The C library's text for the error (`strerror`).
    var text: String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}

/// What `stat` (symbolic links followed) says about a path.
struct EmlFileInfo: Sendable {
    enum Kind: Sendable { case regular, directory, other }

    /// Identity of a file, to notice directory loops made with symbolic links.
    struct ID: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    var kind: Kind
    var id: ID
    var size: Int64
    var mtime: Int64
}

/// An open regular file: its size and mtime from `fstat`, and reads by offset.
final class EmlOpenFile {
    let descriptor: Int32
    let size: Int
    let mtime: Int64

    /// What opening a path gave.
    enum Outcome {
        case opened(EmlOpenFile)
        /// Not a regular file (a directory, FIFO, socket or device).
        case notRegular
        case failed(EmlSystemError)
    }

    private init(descriptor: Int32, size: Int, mtime: Int64) {
        self.descriptor = descriptor
        self.size = size
        self.mtime = mtime
    }

    deinit { close(descriptor) }

    /// Opens `path` read-only (non-blocking, so a FIFO cannot hang the run).
    static func open(_ path: EmlPath) -> Outcome {
        let descriptor = path.withCString { openReadOnly($0) }
        guard descriptor >= 0 else { return .failed(EmlSystemError(code: errno)) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            return .failed(EmlSystemError(code: code))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return .notRegular
        }
        return .opened(
            EmlOpenFile(descriptor: descriptor, size: Int(info.st_size), mtime: EmlFileSystem.mtime(of: info)))
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(from offset: Int, count: Int) throws(EmlSystemError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var filled = 0
            while filled < count, let base = buffer.baseAddress {
                let n = pread(descriptor, base + filled, count - filled, off_t(offset + filled))
                if n > 0 {
                    filled += n
                } else if n == 0 {
                    break  // the file shrank since fstat: keep what is there
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
            initialized = filled
        }
        if failure != 0 { throw EmlSystemError(code: failure) }
        return bytes
    }

    /// The whole file as `fstat` sized it.
    func readAll() throws(EmlSystemError) -> [UInt8] { try read(from: 0, count: size) }
}

/// `open(2)` with the flags the EML readers use (a free function so the class's own `open`
/// does not shadow it).
private func openReadOnly(_ path: UnsafePointer<CChar>) -> Int32 {
    open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
}

/// The few POSIX calls the EML readers need, on raw-byte paths.
enum EmlFileSystem {
    /// `stat` with symbolic links followed; nil when the path cannot be stat'ed.
    static func info(_ path: EmlPath) -> EmlFileInfo? {
        var info = stat()
        guard path.withCString({ stat($0, &info) }) == 0 else { return nil }
        let mode = info.st_mode & S_IFMT
        let kind: EmlFileInfo.Kind = mode == S_IFREG ? .regular : mode == S_IFDIR ? .directory : .other
        return EmlFileInfo(
            kind: kind, id: EmlFileInfo.ID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
            size: Int64(info.st_size), mtime: mtime(of: info))
    }

    static func mtime(of info: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(info.st_mtimespec.tv_sec)
        #else
        return Int64(info.st_mtim.tv_sec)
        #endif
    }

    /// The names in a directory, without `.` and `..`, in the order the file system gives them.
    static func list(_ path: EmlPath) throws(EmlSystemError) -> [[UInt8]] {
        guard let stream = path.withCString({ opendir($0) }) else {
            throw EmlSystemError(code: errno)
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw EmlSystemError(code: errno) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[0..<length])
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }
}
