import MailModel
import SystemPackage

/// Bytes from a file (through one reusable buffer) or from memory, a chunk at a time.
final class ChunkedInput {
  private var descriptor: FileDescriptor?
  private let memory: [UInt8]
  private var position = 0
  private let buffer: UnsafeMutableRawBufferPointer
  let name: String

  /// Opens `path` for reading.
  init(path: String, chunkSize: Int) throws {
    do {
      descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
    } catch {
      throw AccountsError(
        "cannot open the account list: \(error)", at: SourceLocation(file: path), cause: error)
    }
    memory = []
    buffer = .allocate(byteCount: max(1, chunkSize), alignment: 16)
    name = path
  }

  /// Serves `bytes` in chunks of `chunkSize`.
  init(bytes: [UInt8], name: String, chunkSize: Int) {
    descriptor = nil
    memory = bytes
    buffer = .allocate(byteCount: max(1, chunkSize), alignment: 16)
    self.name = name
  }

  deinit {
    buffer.deallocate()
    try? descriptor?.close()
  }

  /// The next chunk (valid until the next call), or nil at the end.
  func next() throws -> UnsafeRawBufferPointer? {
    if let descriptor {
      let n: Int
      do {
        n = try descriptor.read(into: buffer, retryOnInterrupt: true)
      } catch {
        throw AccountsError(
          "read failed: \(error)", at: SourceLocation(file: name), cause: error)
      }
      return n == 0 ? nil : UnsafeRawBufferPointer(rebasing: buffer[0..<n])
    }
    let n = min(buffer.count, memory.count - position)
    guard n > 0 else { return nil }
    memory.withUnsafeBytes { src in
      UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: src[position..<(position + n)]))
    }
    position += n
    return UnsafeRawBufferPointer(rebasing: buffer[0..<n])
  }

  /// Reads a whole small file (a layout file).
  static func readAll(path: String) throws -> [UInt8] {
    let input = try ChunkedInput(path: path, chunkSize: 1 << 16)
    var bytes: [UInt8] = []
    while let chunk = try input.next() { bytes.append(contentsOf: chunk) }
    return bytes
  }
}

/// The first bytes of an input, held back until the reader knows how to scan them (byte-order mark,
/// delimiter detection), then fed to the scanner before the rest.
struct InputPrefix {
  var bytes: [UInt8] = []
  var atEnd = false
  /// Bytes at the start to drop (a byte-order mark).
  var skip = 0

  /// Reads one more chunk into the prefix; false at the end of input.
  @discardableResult
  mutating func readMore(from input: ChunkedInput) throws -> Bool {
    guard !atEnd else { return false }
    guard let chunk = try input.next() else {
      atEnd = true
      return false
    }
    bytes.append(contentsOf: chunk)
    return true
  }

  /// Reads the first bytes and deals with a byte-order mark: a UTF-8 one is dropped (with a
  /// warning when another encoding was asked for); UTF-16 and UTF-32 ones are refused with advice.
  mutating func start(
    from input: ChunkedInput, encoding: TextEncoding, diagnostics: inout [Diagnostic]
  ) throws {
    while bytes.count < 4, try readMore(from: input) {}
    let location = SourceLocation(file: input.name, line: 1)
    if bytes.starts(with: TextDecoding.utf8BOM) {
      skip = 3
      if encoding != .utf8 {
        diagnostics.append(
          Diagnostic(
            .warning, code: "utf8-bom",
            "the file starts with a UTF-8 byte-order mark but --encoding \(encoding.rawValue) was given; "
              + "the mark was dropped (the file is probably UTF-8)",
            at: location))
      }
    } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
      || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
    {
      throw AccountsError(
        "the file is UTF-16 or UTF-32 (Excel's \"Unicode text\"); convert it first, "
          + "e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8",
        at: SourceLocation(file: input.name))
    }
  }

  /// Feeds the held bytes, then the rest of the input, to `body`.
  func pump(from input: ChunkedInput, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    if bytes.count > skip {
      try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[skip...])) }
    }
    guard !atEnd else { return }
    while let chunk = try input.next() { try body(chunk) }
  }
}
