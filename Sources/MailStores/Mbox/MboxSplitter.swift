import Foundation
import MailModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One raw message cut from an mbox file, before its headers are interpreted.
public struct MboxChunk: Sendable {
  /// The separator line, without its line ending.
  public var fromLine: [UInt8]
  /// The bytes between the separator line and the next separator, with the one blank
  /// separator line and any trailing NUL run removed.
  public var bytes: [UInt8]
  /// The byte offset of the separator line in the file.
  public var offset: Int64
  /// Whether a `Content-Length` header that lands on a separator (or the end) delimited it.
  public var delimitedByContentLength: Bool
  /// Set when a `Content-Length` header was present but could not be trusted, and why.
  public var contentLengthProblem: String?
  /// How many trailing NUL bytes were removed.
  public var strippedNULs: Int
  /// Whether this is the last message of the file.
  public var isLast: Bool
}

/// Splits an mbox byte stream into messages, reading fixed-size chunks into one reusable buffer.
///
/// Memory stays bounded by the largest message plus one chunk. A separator is a line starting
/// `From ` whose remainder parses as a date (or is a bare `From <token>`); a valid
/// `Content-Length` (one that lands on a separator or the end of the file) is trusted and the
/// body is not scanned, so unescaped `From ` lines inside it (Dovecot, mboxcl2) do not split it.
public struct MboxSplitter<Source: ByteSource> {
  private var source: Source
  private var storage: UnsafeMutableRawBufferPointer
  private var base: Int64 = 0  // file offset of storage[0]
  private var end: Int64 = 0  // file offset one past the last valid byte
  private var eof = false
  private var messageStart: Int64 = -1
  private let chunkSize: Int
  private let zone: TimeZone
  private let path: String

  /// Creates a splitter over `source`; `path` is only used in diagnostics.
  public init(source: Source, path: String, zone: TimeZone, chunkSize: Int = 1 << 20) {
    self.source = source
    self.chunkSize = max(1, chunkSize)
    // malloc'ed (not `allocate`d) so that it can grow with realloc; see `fill`.
    let initial = max(self.chunkSize * 2, 64 * 1024)
    guard let memory = malloc(initial) else { fatalError("mbox splitter: out of memory") }
    self.storage = UnsafeMutableRawBufferPointer(start: memory, count: initial)
    self.zone = zone
    self.path = path
  }

  /// Frees the buffer; call once when done.
  public mutating func close() {
    free(storage.baseAddress)
    storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
  }

  // MARK: buffer management

  /// Reads one more chunk; returns false at end of input. Keeps bytes from `keepFrom` on.
  private mutating func fill(keepFrom: Int64) throws -> Bool {
    if eof { return false }
    let keep = Int(keepFrom - base)
    let used = Int(end - base)
    if used + chunkSize > storage.count {
      if keep > 0 && used - keep + chunkSize <= storage.count {
        // compact
        if used > keep {
          UnsafeMutableRawBufferPointer(rebasing: storage[0..<used - keep]).copyMemory(
            from: UnsafeRawBufferPointer(rebasing: storage[keep..<used]))
        }
        base += Int64(keep)
      } else {
        // Drop what is no longer kept, then grow by an eighth (or to what is needed), so the
        // buffer ends up just above the largest message. realloc grows a large buffer in place
        // (mremap), so a message of gigabytes is not held twice while the buffer grows.
        let from = max(keep, 0)
        if from > 0, used > from, let start = storage.baseAddress {
          memmove(start, start + from, used - from)
        }
        base += Int64(from)
        let needed = used - from + chunkSize
        let capacity = max(needed, storage.count + storage.count / 8)
        guard let grown = realloc(storage.baseAddress, capacity) else {
          throw MailStoreError(
            "out of memory holding a message of more than \(used - from) bytes",
            at: SourceLocation(file: path, offset: base))
        }
        storage = UnsafeMutableRawBufferPointer(start: grown, count: capacity)
      }
    }
    let offset = Int(end - base)
    let room = UnsafeMutableRawBufferPointer(
      rebasing: storage[offset..<min(storage.count, offset + chunkSize)])
    let n = try source.read(into: room)
    if n == 0 {
      eof = true
      return false
    }
    end += Int64(n)
    return true
  }

  @inline(__always) private func byte(_ at: Int64) -> UInt8 {
    storage[Int(at - base)]
  }

  /// The offset of the next `\n` at or after `from`, reading more as needed; nil at end of input.
  private mutating func newline(from: Int64, keep: Int64) throws -> Int64? {
    var searchFrom = from
    while true {
      if searchFrom < end {
        guard let start = storage.baseAddress else {
          throw MailStoreError(
            "internal error: mbox splitter used after close()",
            at: SourceLocation(file: path, offset: searchFrom))
        }
        let p = start + Int(searchFrom - base)
        if let hit = memchr(p, 0x0A, Int(end - searchFrom)) {
          return searchFrom + Int64(p.distance(to: UnsafeMutableRawPointer(hit)))
        }
        searchFrom = end
      }
      if try !fill(keepFrom: keep) { return nil }
    }
  }

  /// Makes sure bytes up to `offset` (exclusive) are loaded, if the input has them.
  private mutating func load(upTo offset: Int64, keep: Int64) throws -> Bool {
    while end < offset {
      if try !fill(keepFrom: keep) { return false }
    }
    return true
  }

  private func bytes(_ range: Range<Int64>) -> [UInt8] {
    let start = Int(range.lowerBound - base)
    let count = Int(range.upperBound - range.lowerBound)
    guard count > Self.largeMessage, let source = storage.baseAddress else {
      return Array(storage[start..<start + count])
    }
    // A large message is copied out in slices, and the buffer's pages each slice leaves behind
    // are given back as it goes (the splitter never reads a message's bytes again once it has
    // handed them out), so the message is not held twice.
    let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
    let first = source + start
    var released = (Int(bitPattern: first) + page - 1) / page * page
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      guard let target = buffer.baseAddress else { return }
      var done = 0
      while done < count {
        let n = min(Self.copySlice, count - done)
        memcpy(target + done, first + done, n)
        done += n
        let copiedUpTo = (Int(bitPattern: first) + done) / page * page
        if copiedUpTo > released, let from = UnsafeMutableRawPointer(bitPattern: released) {
          madvise(from, copiedUpTo - released, MADV_DONTNEED)
          released = copiedUpTo
        }
      }
      initialized = count
    }
  }

  /// Messages above this size are copied out of the buffer slice by slice (see `bytes`).
  static var largeMessage: Int { 1 << 20 }
  /// The slice a large message is copied out by: the buffer and the message overlap by at most
  /// this much, so peak memory stays near one copy of the message.
  static var copySlice: Int { 1 << 20 }

  private func startsWithFrom(_ at: Int64) -> Bool {
    guard end - at >= 5 else { return false }
    let i = Int(at - base)
    return storage[i] == 0x46 && storage[i + 1] == 0x72 && storage[i + 2] == 0x6F
      && storage[i + 3] == 0x6D && storage[i + 4] == 0x20
  }

  /// Whether the line `[start, lineEnd)` is a message separator; `afterBlank` says whether it
  /// follows a blank line (or starts the input). See `separatorKind` and docs/mbox.md.
  private mutating func isSeparator(_ start: Int64, _ lineEnd: Int64, afterBlank: Bool, keep: Int64)
    throws -> Bool
  {
    guard startsWithFrom(start) else { return false }
    var stop = lineEnd
    if stop > start && byte(stop - 1) == 0x0D { stop -= 1 }
    let rest = MailText.decode(storage[Int(start - base + 5)..<Int(stop - base)])
    switch MboxSplitter.separatorKind(rest, zone: zone) {
    case .complete: return true
    case .prose: return false
    case .bare: if afterBlank { return true }
    case .bareDash:
      if afterBlank { return true }
      // Thunderbird/Netscape write `From - ` with no blank line before it: it separates when
      // a header field follows, as it does after every real separator.
      return try nextLineIsHeaderField(after: lineEnd, keep: keep)
    }
    return false
  }

  /// What the text after `From ` makes of a line.
  enum SeparatorKind: Equatable {
    /// A sender and a date (`From alice@example.com Mon Jan  2 10:00:00 2023`): a separator
    /// wherever it stands.
    case complete
    /// Thunderbird's and Netscape's bare `From -` (nothing, or `-`, after `From `).
    case bareDash
    /// One token and no date (`From MAILER-DAEMON`, `From ???@???`).
    case bare
    /// Anything else: words with no date, body text.
    case prose
  }

  /// Classifies the text after `From ` (docs/mbox.md, "Which From lines separate").
  static func separatorKind(_ rest: String, zone: TimeZone) -> SeparatorKind {
    let tokens = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
    if tokens.isEmpty || (tokens.count == 1 && tokens[0] == "-") { return .bareDash }
    if tokens.count == 1 { return .bare }
    return MailDate.parseFromLine(rest, zone: zone) != nil ? .complete : .prose
  }

  /// Whether the text after `From ` makes the line a separator after a blank line.
  static func isSeparatorRemainder(_ rest: String, zone: TimeZone) -> Bool {
    separatorKind(rest, zone: zone) != .prose
  }

  /// Whether the line after the one ending at `lineEnd` is a header field (`Name:`).
  private mutating func nextLineIsHeaderField(after lineEnd: Int64, keep: Int64) throws -> Bool {
    let next = lineEnd + 1
    // A field name is at most a few dozen bytes; 80 settles it for any real header.
    _ = try load(upTo: next + 80, keep: keep)
    var at = next
    while at < end && at < next + 80 {
      let c = byte(at)
      if c == UInt8(ascii: ":") { return at > next }
      if c <= 0x20 || c >= 0x7F { return false }
      at += 1
    }
    return false
  }

  // MARK: splitting

  /// Checks the start of the input; throws when it is not an mbox (first non-blank line
  /// must be a `From ` line). Returns false for an empty input.
  public mutating func start() throws -> Bool {
    var at: Int64 = 0
    while true {
      guard try load(upTo: at + 1, keep: at) else { return false }
      let b = byte(at)
      if b == 0x0A || b == 0x0D {
        at += 1
        continue
      }
      break
    }
    _ = try load(upTo: at + 5, keep: at)
    guard startsWithFrom(at) else {
      throw MailStoreError(
        "not an mbox file: it does not start with a 'From ' line",
        at: SourceLocation(file: path, offset: at))
    }
    messageStart = at
    return true
  }

  /// The next message, or nil at the end of the input. Call `start()` first.
  public mutating func next() throws -> MboxChunk? {
    guard messageStart >= 0 else { return nil }
    let sepStart = messageStart
    guard let sepNewline = try newline(from: sepStart, keep: sepStart) else {
      // A lone separator line at the very end: an empty message.
      let line = bytes(sepStart..<end)
      messageStart = -1
      return MboxChunk(
        fromLine: trimCR(line), bytes: [], offset: sepStart, delimitedByContentLength: false,
        contentLengthProblem: nil, strippedNULs: 0, isLast: true)
    }
    let fromLine = trimCR(bytes(sepStart..<sepNewline))
    let contentStart = sepNewline + 1

    // Header section: find its end and any Content-Length.
    var lineStart = contentStart
    var contentLength: Int64? = nil
    var bodyStart: Int64? = nil
    var previousBlank = false
    var cut: Int64? = nil  // where the message ends when a separator is found in headers
    while true {
      guard try load(upTo: lineStart + 1, keep: sepStart) else { break }
      guard let nl = try newline(from: lineStart, keep: sepStart) else { break }
      let first = byte(lineStart)
      if first == 0x0A || (first == 0x0D && nl == lineStart + 1) {
        bodyStart = nl + 1
        break
      }
      if first == 0x46, try isSeparator(lineStart, nl, afterBlank: false, keep: sepStart) {
        cut = lineStart
        break
      }
      if first == 0x43 || first == 0x63, nl - lineStart > 15 {
        let name = MailText.decode(storage[Int(lineStart - base)..<Int(lineStart - base + 15)])
          .lowercased()
        if name == "content-length:" {
          let value = MailText.decode(storage[Int(lineStart - base + 15)..<Int(nl - base)])
            .trimmingWhitespace()
          contentLength = Int64(value)
        }
      }
      previousBlank = false
      lineStart = nl + 1
    }

    var problem: String? = nil
    if cut == nil, let bodyStart, let contentLength, contentLength >= 0 {
      let candidate = bodyStart + contentLength
      let haveAll = try load(upTo: candidate, keep: sepStart)
      if !haveAll {
        problem = "Content-Length \(contentLength) points past the end of the file"
      } else if let next = try separatorAt(candidate, keep: sepStart) {
        let chunkBytes = bytes(contentStart..<candidate)
        messageStart = next.nextMessage
        return finish(
          fromLine: fromLine, raw: chunkBytes, offset: sepStart, byContentLength: true,
          problem: nil, isLast: next.nextMessage < 0, trimBlank: false)
      } else {
        problem = "Content-Length \(contentLength) does not land on a message boundary"
      }
    }

    // Scan the body line by line for the next separator.
    if cut == nil, let bodyStart {
      lineStart = bodyStart
      previousBlank = true
      while true {
        guard try load(upTo: lineStart + 1, keep: sepStart) else { break }
        if byte(lineStart) == 0x46 {
          _ = try load(upTo: lineStart + 5, keep: sepStart)
          if startsWithFrom(lineStart) {
            let nl = try newline(from: lineStart, keep: sepStart) ?? end
            if try isSeparator(lineStart, nl, afterBlank: previousBlank, keep: sepStart) {
              cut = lineStart
              break
            }
          }
        }
        guard let nl = try newline(from: lineStart, keep: sepStart) else { break }
        previousBlank = nl == lineStart || (nl == lineStart + 1 && byte(lineStart) == 0x0D)
        lineStart = nl + 1
      }
    }

    let stop = cut ?? end
    let raw = bytes(contentStart..<max(contentStart, stop))
    messageStart = cut ?? -1
    return finish(
      fromLine: fromLine, raw: consume raw, offset: sepStart, byContentLength: false,
      problem: problem, isLast: cut == nil, trimBlank: true)
  }

  /// If a message boundary is at `at` (end of input, or an optional blank line then a
  /// separator), returns where the next message starts (-1 at end of input).
  private mutating func separatorAt(_ at: Int64, keep: Int64) throws -> (nextMessage: Int64, Void)?
  {
    var p = at
    _ = try load(upTo: p + 2, keep: keep)
    if p >= end && eof { return (-1, ()) }
    var blank = false
    if p < end && byte(p) == 0x0A {
      p += 1
      blank = true
    } else if p + 1 < end && byte(p) == 0x0D && byte(p + 1) == 0x0A {
      p += 2
      blank = true
    }
    _ = try load(upTo: p + 5, keep: keep)
    if p >= end && eof { return (-1, ()) }
    guard startsWithFrom(p) else { return nil }
    let nl = try newline(from: p, keep: keep) ?? end
    return try isSeparator(p, nl, afterBlank: blank, keep: keep) ? (p, ()) : nil
  }

  private func trimCR(_ line: [UInt8]) -> [UInt8] {
    line.last == 0x0D ? Array(line.dropLast()) : line
  }

  /// The chunk of `raw` (taken over, so trimming its end never copies it) with trailing NULs
  /// and, with `trimBlank`, the blank line before the next separator removed.
  private func finish(
    fromLine: [UInt8], raw: consuming [UInt8], offset: Int64, byContentLength: Bool,
    problem: String?, isLast: Bool, trimBlank: Bool
  ) -> MboxChunk {
    var bytes = consume raw
    var nuls = 0
    while let last = bytes.last, last == 0 {
      bytes.removeLast()
      nuls += 1
    }
    if trimBlank {
      let n = bytes.count
      if n >= 2 && bytes[n - 1] == 0x0A && bytes[n - 2] == 0x0A {
        bytes.removeLast()
      } else if n >= 4 && bytes[n - 1] == 0x0A && bytes[n - 2] == 0x0D && bytes[n - 3] == 0x0A
        && bytes[n - 4] == 0x0D
      {
        bytes.removeLast(2)
      } else if n == 1 && bytes[0] == 0x0A {
        bytes.removeLast()
      }
    }
    return MboxChunk(
      fromLine: fromLine, bytes: bytes, offset: offset, delimitedByContentLength: byContentLength,
      contentLengthProblem: problem, strippedNULs: nuls, isLast: isLast)
  }
}
