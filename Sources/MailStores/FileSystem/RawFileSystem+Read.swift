import MailModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A regular file open for reading: its size and mtime from `fstat`, reads by offset, closed when it goes away.
struct OpenFile: ~Copyable {
  let descriptor: Int32
  let size: Int
  /// The modification time, in seconds.
  let mtime: Int64

  deinit { close(descriptor) }

  /// Up to `count` bytes from `offset` (fewer at the end of the file), with as few `pread`
  /// calls as the kernel allows, into an array of that capacity.
  func read(from offset: Int, count: Int) throws(FileSystemError) -> [UInt8] {
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
    if failure != 0 { throw FileSystemError(code: failure) }
    return bytes
  }

  /// The whole file as `fstat` sized it.
  func readAll() throws(FileSystemError) -> [UInt8] { try read(from: 0, count: size) }
}

/// What opening a path for reading gave.
enum FileOpening: ~Copyable {
  /// A regular file, open.
  case opened(OpenFile)
  /// Not a regular file (a directory, FIFO, socket or device); it was closed again.
  case notRegular(isDirectory: Bool)
  /// `open` or `fstat` failed.
  case failed(FileSystemError)
}

/// What reading a whole file gave.
enum FileContents {
  /// The whole file, and its modification time in seconds.
  case bytes([UInt8], mtime: Int64)
  /// The file is a regular file of 0 bytes.
  case empty(mtime: Int64)
  /// The entry is not a regular file (a directory, FIFO, socket, device).
  case notRegular(isDirectory: Bool)
  /// A system call failed.
  case failed(FileSystemError)
}

extension RawFileSystem {
  /// Opens `path` read-only with one `open` and one `fstat`. Non-blocking, so a FIFO cannot
  /// hang the run; anything but a regular file is closed again at once.
  static func open(_ path: RawPath) -> FileOpening {
    let descriptor = path.withCString { openReadOnly($0) }
    guard descriptor >= 0 else { return .failed(FileSystemError(code: errno)) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let code = errno
      close(descriptor)
      return .failed(FileSystemError(code: code))
    }
    let kind = info.st_mode & S_IFMT
    guard kind == S_IFREG else {
      close(descriptor)
      return .notRegular(isDirectory: kind == S_IFDIR)
    }
    return .opened(
      OpenFile(descriptor: descriptor, size: Int(info.st_size), mtime: mtime(of: info)))
  }

  /// Reads a whole file with one `open`, one `fstat`, as few reads as the kernel allows (one
  /// for a file that does not change meanwhile) into an array sized from `fstat`, and one `close`.
  static func readWholeFile(_ path: RawPath) -> FileContents {
    switch open(path) {
    case .opened(let file):
      guard file.size > 0 else { return .empty(mtime: file.mtime) }
      do throws(FileSystemError) {
        let bytes = try file.readAll()
        return bytes.isEmpty ? .empty(mtime: file.mtime) : .bytes(bytes, mtime: file.mtime)
      } catch {
        return .failed(error)
      }
    case .notRegular(let isDirectory):
      return .notRegular(isDirectory: isDirectory)
    case .failed(let error):
      return .failed(error)
    }
  }

  /// Up to the first `count` bytes of a regular file (fewer when it is shorter); nil when it
  /// cannot be opened or read, or is not a regular file. For sniffing headers without reading big files.
  static func head(_ path: RawPath, count: Int) -> [UInt8]? {
    guard case .opened(let file) = open(path) else { return nil }
    return try? file.read(from: 0, count: count)
  }
}

/// `open(2)` with the flags the readers use (a free function, so `RawFileSystem.open` does not shadow it).
private func openReadOnly(_ path: UnsafePointer<CChar>) -> Int32 {
  open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
}

/// Why a message file listed in a directory could not be read, as a skipped diagnostic (code
/// `unreadable`): a symbolic link to nothing, a file gone since the listing (a mail client still
/// running on the store), or any other failure, with the system's own words.
enum UnreadableFile {
  /// The skipped diagnostic for `path`, which failed with `error` (nil: `stat` it again to
  /// learn why).
  static func diagnostic(_ path: RawPath, error known: FileSystemError?, what: String = "file")
    -> Diagnostic
  {
    let location = SourceLocation(file: path.display)
    var info = stat()
    var error = known
    if error == nil, path.withCString({ stat($0, &info) }) != 0 {
      error = FileSystemError(code: errno)
    }
    let system = error.map { " (\($0.text))" } ?? ""
    let linked = path.withCString { lstat($0, &info) } == 0
    let why: String
    if linked, info.st_mode & S_IFMT == S_IFLNK,
      error.map({ $0.isMissing || $0.code == ELOOP }) ?? true
    {
      why = "dangling symbolic link: its target does not exist\(system); not read"
    } else if !linked {
      why =
        "\(what) vanished after its directory was listed\(system): is a mail client still running on this store?"
    } else {
      why = "cannot read \(what)\(system)"
    }
    return Diagnostic(.skipped, code: "unreadable", why, at: location)
  }
}
