#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A path kept as the raw bytes the file system gave us, so names that are not valid UTF-8
/// still open; it is turned into a `String` only for display (diagnostics, locations).
struct MaildirRawPath: Hashable, Sendable {
    var bytes: [UInt8]

    init(_ path: String) {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        self.bytes = bytes
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// This path with one more component; `name` is a real directory entry, never a decoded name.
    func appending<C: Collection>(_ name: C) -> MaildirRawPath where C.Element == UInt8 {
        var out = bytes
        out.reserveCapacity(bytes.count + 1 + name.count)
        if out.last != UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        out.append(contentsOf: name)
        return MaildirRawPath(bytes: out)
    }

    func appending(_ name: String) -> MaildirRawPath { appending(name.utf8) }

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

/// One entry of a directory listing: the raw name and the `d_type` hint (may be unknown).
struct MaildirDirectoryEntry: Sendable {
    var name: [UInt8]
    var type: UInt8

    /// Whether the name starts with `.` (dotfiles such as `.keep`, and `.`/`..` themselves).
    var isHidden: Bool { name.first == UInt8(ascii: ".") }

    /// Whether the entry is `.` or `..`.
    var isDotOrDotDot: Bool {
        name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")]
    }

    /// Whether `d_type` says "directory".
    var isDirectory: Bool { type == MaildirFileSystem.typeDirectory }

    /// Whether the entry could be a directory (a directory, a symbolic link or an unknown type).
    var mayBeDirectory: Bool {
        type == MaildirFileSystem.typeDirectory || type == MaildirFileSystem.typeLink
            || type == MaildirFileSystem.typeUnknown
    }

    /// Whether the entry's name equals `text`.
    func named(_ text: String) -> Bool { name.elementsEqual(text.utf8) }
}

/// An `errno` value from a failed system call.
struct MaildirSystemError: Error, Sendable {
    var code: Int32

    /// The C library's text for the error (`strerror`).
    var text: String { MaildirFileSystem.errorText(code) }

    /// Whether the path simply is not there (or a component is not a directory).
    var isMissing: Bool { code == ENOENT || code == ENOTDIR }
}

/// What reading one message file gave.
enum MaildirFileContents {
    /// The whole file, and its modification time in seconds.
    case bytes([UInt8], mtime: Int64)
    /// The file is a regular file of 0 bytes.
    case empty(mtime: Int64)
    /// The entry is not a regular file (a directory, FIFO, socket, device).
    case notRegular(isDirectory: Bool)
    /// A system call failed.
    case failed(MaildirSystemError)
}

/// The few POSIX calls the Maildir reader needs, on raw-byte paths.
enum MaildirFileSystem {
    static let typeUnknown = UInt8(DT_UNKNOWN)
    static let typeDirectory = UInt8(DT_DIR)
    static let typeLink = UInt8(DT_LNK)

    /// Identity of a directory, to notice symbolic-link loops.
    struct FileID: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// The directory's identity when `path` is a directory (symbolic links followed), else nil.
    static func directoryID(_ path: MaildirRawPath) -> FileID? {
        var info = stat()
        let result = path.withCString { stat($0, &info) }
        guard result == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether `path` is a directory (symbolic links followed).
    static func isDirectory(_ path: MaildirRawPath) -> Bool { directoryID(path) != nil }

    /// Whether `path` holds a `cur/` or `new/` directory, i.e. is a mail folder.
    static func hasMessageDirectories(_ path: MaildirRawPath) -> Bool {
        isDirectory(path.appending("cur")) || isDirectory(path.appending("new"))
    }

    /// The entries of a directory, without `.` and `..`, in the order the file system gives them.
    static func list(_ path: MaildirRawPath) throws(MaildirSystemError) -> [MaildirDirectoryEntry] {
        guard let stream = path.withCString({ opendir($0) }) else {
            throw MaildirSystemError(code: errno)
        }
        defer { closedir(stream) }
        var entries: [MaildirDirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw MaildirSystemError(code: errno) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[0..<length])
            }
            let item = MaildirDirectoryEntry(name: name, type: entry.pointee.d_type)
            if !item.isDotOrDotDot { entries.append(item) }
        }
        return entries
    }

    /// Reads a whole file with one `open`, one `fstat` and as few `read` calls as the kernel
    /// allows, into an array sized from `fstat`. FIFOs are opened non-blocking so they cannot hang.
    static func readFile(_ path: MaildirRawPath) -> MaildirFileContents {
        let descriptor = path.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard descriptor >= 0 else { return .failed(MaildirSystemError(code: errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failed(MaildirSystemError(code: errno)) }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { return .notRegular(isDirectory: kind == S_IFDIR) }
        #if canImport(Darwin)
        let mtime = Int64(info.st_mtimespec.tv_sec)
        #else
        let mtime = Int64(info.st_mtim.tv_sec)
        #endif
        let size = Int(info.st_size)
        guard size > 0 else { return .empty(mtime: mtime) }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var filled = 0
            while filled < size, let base = buffer.baseAddress {
                let n = read(descriptor, base + filled, size - filled)
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
        if failure != 0 { return .failed(MaildirSystemError(code: failure)) }
        if bytes.isEmpty { return .empty(mtime: mtime) }
        return .bytes(bytes, mtime: mtime)
    }
}
