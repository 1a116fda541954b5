#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An `errno` value from a failed system call.
struct FileSystemError: Error, Sendable {
  var code: Int32

  /// The C library's text for the error (`strerror`).
  var text: String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
  }

  /// Whether the path simply is not there (or a component is not a directory).
  var isMissing: Bool { code == ENOENT || code == ENOTDIR }
}

/// The identity of a file (device and inode), to notice directory loops made with symbolic links.
struct FileID: Hashable, Sendable {
  var device: UInt64
  var inode: UInt64
}

/// What `stat` (symbolic links followed) says about a path.
struct FileStatus: Sendable {
  /// The kinds of file the readers tell apart.
  enum Kind: Sendable { case regular, directory, other }

  var kind: Kind
  var id: FileID
  var size: Int64
  /// The modification time, in seconds.
  var mtime: Int64
}

/// One entry of a directory listing: the raw name and the `d_type` hint (may be unknown).
struct DirectoryEntry: Sendable {
  private static let typeUnknown = UInt8(DT_UNKNOWN)
  private static let typeDirectory = UInt8(DT_DIR)
  private static let typeLink = UInt8(DT_LNK)

  var name: [UInt8]
  var type: UInt8

  /// Whether the name starts with `.` (dotfiles such as `.keep`, and `.`/`..` themselves).
  var isHidden: Bool { name.first == UInt8(ascii: ".") }

  /// Whether the entry is `.` or `..`.
  var isDotOrDotDot: Bool {
    name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")]
  }

  /// Whether `d_type` says "directory".
  var isDirectory: Bool { type == Self.typeDirectory }

  /// Whether the entry could be a directory (a directory, a symbolic link or an unknown type).
  var mayBeDirectory: Bool {
    type == Self.typeDirectory || type == Self.typeLink || type == Self.typeUnknown
  }

  /// Whether the entry's name equals `text`.
  func named(_ text: String) -> Bool { name.elementsEqual(text.utf8) }
}

/// The few POSIX calls the Maildir, Dovecot and EML readers need, on raw-byte paths.
///
/// Reading files (`open`, `readWholeFile`, `head`) is in `RawFileSystem+Read.swift`.
enum RawFileSystem {
  /// `stat` with symbolic links followed; nil when the path cannot be stat'ed.
  static func status(_ path: RawPath) -> FileStatus? {
    var info = stat()
    guard path.withCString({ stat($0, &info) }) == 0 else { return nil }
    let mode = info.st_mode & S_IFMT
    let kind: FileStatus.Kind = mode == S_IFREG ? .regular : mode == S_IFDIR ? .directory : .other
    return FileStatus(
      kind: kind, id: FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
      size: Int64(info.st_size), mtime: mtime(of: info))
  }

  /// The directory's identity when `path` is a directory (symbolic links followed), else nil.
  static func directoryID(_ path: RawPath) -> FileID? {
    guard let found = status(path), found.kind == .directory else { return nil }
    return found.id
  }

  /// Whether `path` is a directory (symbolic links followed).
  static func isDirectory(_ path: RawPath) -> Bool { directoryID(path) != nil }

  /// The modification time in `info`, in seconds.
  static func mtime(of info: stat) -> Int64 {
    #if canImport(Darwin)
      return Int64(info.st_mtimespec.tv_sec)
    #else
      return Int64(info.st_mtim.tv_sec)
    #endif
  }

  /// The entries of a directory, without `.` and `..`, in the order the file system gives them.
  static func list(_ path: RawPath) throws(FileSystemError) -> [DirectoryEntry] {
    guard let stream = path.withCString({ opendir($0) }) else {
      throw FileSystemError(code: errno)
    }
    defer { closedir(stream) }
    var entries: [DirectoryEntry] = []
    while true {
      errno = 0
      guard let entry = readdir(stream) else {
        if errno != 0 { throw FileSystemError(code: errno) }
        break
      }
      let name: [UInt8] = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        let length = raw.firstIndex(of: 0) ?? raw.count
        return Array(raw[0..<length])
      }
      let item = DirectoryEntry(name: name, type: entry.pointee.d_type)
      if !item.isDotOrDotDot { entries.append(item) }
    }
    return entries
  }

  /// The names in a directory, without `.` and `..`, in the order the file system gives them.
  static func names(in path: RawPath) throws(FileSystemError) -> [[UInt8]] {
    try list(path).map(\.name)
  }
}
