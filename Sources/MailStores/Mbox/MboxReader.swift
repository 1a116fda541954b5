import Foundation
import MailModel
import SystemPackage

/// What one mbox file turned out to be, for `inspect` and the report.
public struct MboxFileSummary: Sendable, Codable {
  /// The mbox file that was read.
  public var path: String
  /// The folder its messages were filed under.
  public var folder: FolderPath
  /// Messages handed on to be written (skipped and ignored ones not counted).
  public var messages = 0
  /// Total size in bytes of the messages handed on, after the reader's transformations.
  public var bytes: Int64 = 0
  /// Messages delimited by a trusted `Content-Length` (mboxcl/mboxcl2 style).
  public var contentLengthDelimited = 0
  /// `>From ` lines unquoted (mboxrd style).
  public var unquotedLines = 0
  /// Messages with CRLF line endings (judged by their first CR).
  public var crlfMessages = 0
  /// Thunderbird messages marked expunged (`X-Mozilla-Status` 0x0008) and not written.
  public var skipped = 0

  /// The variant the file looked like: `mboxcl2`, `mboxrd`, or `mboxo/mboxrd` when nothing told them apart.
  public var variant: String {
    if messages > 0 && contentLengthDelimited == messages { return "mboxcl2" }
    if contentLengthDelimited > 0 { return "mboxcl (mixed)" }
    if unquotedLines > 0 { return "mboxrd" }
    return "mboxo/mboxrd"
  }
}

/// Reads one mbox file (mboxo, mboxrd, mboxcl, mboxcl2, auto-detected per message) as one folder.
public struct MboxReader: MailStoreReader {
  /// The mbox file to read.
  public let path: String
  /// The folder every message of the file is filed under.
  public let folder: FolderPath
  /// Time zone, chunk size and other reading options.
  public let options: ReadOptions
  /// Always `mbox`.
  public var formatName: String { "mbox" }

  /// The mbox bookkeeping headers removed from the bytes written (FIDELITY.md).
  public static let bookkeepingHeaders: Set<String> = [
    "status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase", "content-length",
    "x-mozilla-status", "x-mozilla-status2", "x-mozilla-keys",
  ]

  /// Creates a reader for the mbox file at `path`; its messages go to `folder` (INBOX by default).
  public init(path: String, folder: FolderPath = .inbox, options: ReadOptions = ReadOptions()) {
    self.path = path
    self.folder = folder
    self.options = options
  }

  /// Whether the file's first non-blank line starts with `From ` (a cheap sniff).
  public static func looksLikeMbox(_ path: String) -> Bool {
    guard let fd = try? FileDescriptor.open(FilePath(path), .readOnly) else { return false }
    defer { try? fd.close() }
    var buffer = [UInt8](repeating: 0, count: 512)
    let n = (try? buffer.withUnsafeMutableBytes { try fd.read(into: $0) }) ?? 0
    var i = 0
    while i < n && (buffer[i] == 0x0A || buffer[i] == 0x0D) { i += 1 }
    return n - i >= 5 && Array(buffer[i..<i + 5]) == Array("From ".utf8)
  }

  /// Streams the file's messages to `handler` in file order; throws if the file cannot be read.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    _ = try readFile(diagnostics: diagnostics, handler)
  }

  /// Reads the file and returns what it found.
  public func readFile(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void) throws
    -> MboxFileSummary
  {
    let source = try FileByteSource(path: path, chunkSize: options.chunkSize)
    defer { source.close() }
    let mtime = Self.fileMtime(path)
    let sizeAtOpen = source.currentSize()
    let summary = try read(
      source: source, containerMtime: mtime, diagnostics: diagnostics, handler)
    // A file cut short while it was read ends early without a read error: say so, or the
    // messages past the cut would vanish without a word.
    if let sizeAtOpen, let sizeNow = source.currentSize(), sizeNow < sizeAtOpen {
      diagnostics(
        Diagnostic(
          .error, code: "source-changed",
          "the file shrank from \(sizeAtOpen) to \(sizeNow) bytes while it was read: the "
            + "messages that were past byte \(sizeNow) were not read, and the last one read "
            + "may be cut short",
          at: SourceLocation(file: path, offset: sizeNow)))
    }
    return summary
  }

  /// Reads from any byte source (tests feed memory in small chunks).
  public func read<S: ByteSource>(
    source: S, containerMtime: Int64, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws -> MboxFileSummary {
    var summary = MboxFileSummary(path: path, folder: folder)
    var splitter = MboxSplitter(
      source: source, path: path, zone: options.mboxTimeZone, chunkSize: options.chunkSize)
    defer { splitter.close() }
    guard try splitter.start() else {
      diagnostics(
        Diagnostic(
          .ignored, code: "empty-mbox", "empty mbox file: no messages",
          at: SourceLocation(file: path, offset: 0)))
      return summary
    }
    var index = 0
    while var chunk = try splitter.next() {
      defer { index += 1 }
      let location = SourceLocation(file: path, offset: chunk.offset)
      if let message = interpret(
        &chunk, index: index, location: location, containerMtime: containerMtime,
        summary: &summary, diagnostics: diagnostics)
      {
        summary.messages += 1
        summary.bytes += Int64(message.bytes.count)
        try handler(message)
      }
    }
    return summary
  }

  /// Turns a raw chunk into a Message: flags, keywords, date, header removal, unquoting.
  /// The chunk's bytes are moved into the message (the chunk is left without them), so a large
  /// message is never copied on its way.
  func interpret(
    _ chunk: inout MboxChunk, index: Int, location: SourceLocation, containerMtime: Int64,
    summary: inout MboxFileSummary, diagnostics: DiagnosticHandler
  ) -> Message? {
    var transformations: [Transformation] = []
    if chunk.strippedNULs > 0 {
      transformations.append(.strippedTrailingNUL)
      diagnostics(
        Diagnostic(
          .warning, code: "trailing-nul", "removed \(chunk.strippedNULs) trailing NUL bytes",
          at: location))
    }
    if let problem = chunk.contentLengthProblem {
      let truncated = problem.contains("past the end")
      diagnostics(
        Diagnostic(
          .warning, code: truncated ? "possibly-truncated" : "content-length-ignored",
          truncated
            ? "\(problem): message possibly truncated, kept as found"
            : "\(problem); split on From lines instead",
          at: location))
    }
    if chunk.bytes.isEmpty {
      diagnostics(
        Diagnostic(
          .ignored, code: "empty-message", "separator line with no message after it", at: location))
      return nil
    }
    var bytes = chunk.bytes
    chunk.bytes = []
    let removed = HeaderSection.remove(Self.bookkeepingHeaders, from: &bytes)
    var flags: MessageFlags = []
    var keywords: [String] = []
    var hasXIMAP = false
    var mozillaStatus: UInt32? = nil
    var statusSeen = false
    for (name, value) in removed {
      switch name.lowercased() {
      case "status":
        statusSeen = true
        if value.contains("R") { flags.insert(.seen) }
      case "x-status":
        if value.contains("A") { flags.insert(.answered) }
        if value.contains("F") { flags.insert(.flagged) }
        if value.contains("T") { flags.insert(.draft) }
        if value.contains("D") { flags.insert(.deleted) }
      case "x-keywords", "x-mozilla-keys":
        for word in value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
          let keyword = String(word)
          if !keywords.contains(keyword) { keywords.append(keyword) }
        }
      case "x-imap":
        hasXIMAP = true
      case "x-mozilla-status":
        mozillaStatus = UInt32(value, radix: 16)
      default:
        break
      }
    }
    if index == 0 && hasXIMAP {
      diagnostics(
        Diagnostic(
          .ignored, code: "folder-internal-data",
          "UW-IMAP 'FOLDER INTERNAL DATA' pseudo-message skipped", at: location))
      return nil
    }
    if let status = mozillaStatus {
      if status & 0x0008 != 0 {
        summary.skipped += 1
        diagnostics(
          Diagnostic(
            .ignored, code: "expunged",
            "Thunderbird expunged message (X-Mozilla-Status 0x0008) not written", at: location))
        return nil
      }
      if status & 0x0001 != 0 && !statusSeen { flags.insert(.seen) }
      if status & 0x0002 != 0 { flags.insert(.answered) }
      if status & 0x0004 != 0 { flags.insert(.flagged) }
      if status & 0x1000 != 0 { flags.insert(.forwarded) }
    }
    if !removed.isEmpty { transformations.append(.removedMboxHeaders) }

    if chunk.delimitedByContentLength {
      summary.contentLengthDelimited += 1
    } else {
      let count = Self.unquoteFrom(&bytes)
      if count > 0 {
        summary.unquotedLines += count
        transformations.append(.unquotedFrom)
      }
    }
    let firstCRIsCRLF = bytes.withUnsafeBytes { buffer -> Bool in
      guard let base = buffer.baseAddress, let cr = memchr(base, 0x0D, buffer.count) else {
        return false
      }
      let at = base.distance(to: UnsafeRawPointer(cr))
      return at + 1 < buffer.count && buffer[at + 1] == 0x0A
    }
    if firstCRIsCRLF { summary.crlfMessages += 1 }
    if bytes.withUnsafeBytes({ buffer in
      buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false
    }) {
      diagnostics(
        Diagnostic(
          .warning, code: "embedded-nul", "message contains NUL bytes; kept as found", at: location)
      )
    }
    if chunk.isLast, chunk.contentLengthProblem == nil, Self.hasUnterminatedMultipart(bytes) {
      diagnostics(
        Diagnostic(
          .warning, code: "possibly-truncated",
          "last message ends inside a multipart body (no closing boundary): possibly truncated, kept as found",
          at: location))
    }

    let fromRest = chunk.fromLine.count > 5 ? MailText.decode(chunk.fromLine[5...]) : ""
    var date: Int64
    var dateSource: DateSource
    if let t = MailDate.parseFromLine(fromRest, zone: options.mboxTimeZone) {
      date = t
      dateSource = .fromLine
    } else if let (t, source) = MailDate.headerDate(of: bytes) {
      date = t
      dateSource = source
    } else {
      date = containerMtime
      dateSource = .containerMtime
      diagnostics(
        Diagnostic(
          .warning, code: "no-date",
          "no date in the From line, Received: or Date:; used the mbox file's modification time",
          at: location))
    }
    return Message(
      folder: folder, bytes: bytes, flags: flags, keywords: keywords, internalDate: date,
      dateSource: dateSource, sourceID: "offset:\(chunk.offset)", location: location,
      transformations: transformations)
  }

  /// Removes one `>` from every line matching `^>+From ` (mboxrd unquoting), in place;
  /// returns how many lines changed.
  public static func unquoteFrom(_ bytes: inout [UInt8]) -> Int {
    let n = bytes.count
    let count = bytes.withUnsafeMutableBufferPointer { buf -> Int in
      guard let base = buf.baseAddress else { return 0 }
      var count = 0
      var write = 0  // where the next kept byte goes (== read position until the first change)
      var lineStart = 0
      while lineStart < n {
        let lineEnd: Int
        if let p = memchr(base + lineStart, 0x0A, n - lineStart) {
          lineEnd = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
        } else {
          lineEnd = n
        }
        var from = lineStart
        if base[lineStart] == 0x3E {
          var k = lineStart
          while k < lineEnd && base[k] == 0x3E { k += 1 }
          if k + 5 <= lineEnd && base[k] == 0x46 && base[k + 1] == 0x72 && base[k + 2] == 0x6F
            && base[k + 3] == 0x6D && base[k + 4] == 0x20
          {
            from = lineStart + 1
            count += 1
          }
        }
        if write != from { (base + write).update(from: base + from, count: lineEnd - from) }
        write += lineEnd - from
        lineStart = lineEnd
      }
      return count
    }
    if count > 0 { bytes.removeLast(count) }
    return count
  }

  /// The same, returning a new array (for callers that keep the original).
  public static func unquoteFrom(_ bytes: [UInt8]) -> ([UInt8], Int) {
    var copy = bytes
    let count = unquoteFrom(&copy)
    return (copy, count)
  }

  /// True when the top-level Content-Type is multipart with a boundary whose closing
  /// delimiter (`--boundary--`) never appears.
  static func hasUnterminatedMultipart(_ bytes: [UInt8]) -> Bool {
    guard let contentType = HeaderSection.value(of: "Content-Type", in: bytes),
      contentType.lowercased().hasPrefix("multipart/"),
      let boundary = MimeParameters.value(of: "boundary", in: contentType)
    else { return false }
    let closing = Array(("--" + boundary + "--").utf8)
    let (_, bodyStart) = HeaderSection.bounds(of: bytes)
    return bytes[bodyStart...].firstOffset(of: closing) == nil
  }

  static func fileMtime(_ path: String) -> Int64 {
    var st = stat()
    guard stat(path, &st) == 0 else { return 0 }
    return Int64(st.st_mtim.tv_sec)
  }
}
