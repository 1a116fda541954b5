import Foundation
import MailModel

/// Reads Dovecot's mbox layout: a mail directory (`~/mail`) of mbox files, with INBOX either in
/// a separate spool file (`/var/mail/<user>`, `options.inboxFile`) or in the directory as
/// `inbox`/`INBOX` (SOURCE-FORMATS.md §2 "Conventional locations", §4).
///
/// * Folders and mbox files follow `MboxTreeReader`'s rules (directories are parent folders;
///   `.subscriptions`, `.imap/` and other index files are not mail); each file is read with
///   `MboxReader` (Status, X-Status, X-Keywords, X-UID, X-IMAPbase, Content-Length).
/// * A message's `sourceID` is `uid:<UIDVALIDITY>:<X-UID>` when the file's first message carries
///   `X-IMAPbase` (or the `X-IMAP` of UW-IMAP's pseudo message) and the message an increasing
///   `X-UID`; else `offset:<N>` as in `MboxReader`.
/// * As Dovecot does, `X-Keywords` are trusted only when the first message's `X-IMAPbase` lists
///   them; other keywords are dropped with a warning (code `untrusted-keyword`).
/// * With `options.subscribedOnly`, only INBOX and the folders named in `.subscriptions` are
///   read; the others are reported `.ignored` (`not-subscribed`) with their message counts.
public struct DovecotMboxReader: MailStoreReader, Sendable {
  /// The mail directory (`~/mail`).
  public let root: String
  /// The options the reader was made with; `inboxFile` is the INBOX spool.
  public let options: ReadOptions

  /// A reader of the mail directory `root`.
  public init(root: String, options: ReadOptions = ReadOptions()) {
    self.root = root
    self.options = options
  }

  /// `dovecot-mbox`.
  public var formatName: String { "dovecot-mbox" }

  /// The subscription files of a mail directory, in the order they are tried.
  static let subscriptionFiles = DovecotSubscriptionFiles(
    names: [(".subscriptions", false), ("subscriptions", false), (".mailboxlist", false)],
    shownName: ".subscriptions file")

  /// What in `path` shows Dovecot (or UW-IMAP) manages it: nil when nothing does.
  ///
  /// Evidence, in order: a `.imap/` index directory, a `.subscriptions` file, an mbox file at
  /// the top whose first message has `X-IMAPbase`/`X-IMAP`.
  public static func dovecotEvidence(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    let manager = FileManager.default
    guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      return nil
    }
    if manager.fileExists(atPath: path + "/.imap", isDirectory: &isDirectory), isDirectory.boolValue
    {
      return "Dovecot's .imap/ index directory"
    }
    if manager.fileExists(atPath: path + "/.subscriptions") {
      return "a Dovecot .subscriptions file"
    }
    guard let names = try? manager.contentsOfDirectory(atPath: path) else { return nil }
    for name in names.sorted().prefix(200) where !name.hasPrefix(".") {
      if firstHeadersHaveIMAPBase(path + "/" + name) { return "X-IMAPbase headers in \(name)" }
    }
    return nil
  }

  /// Whether `path` is a directory of mbox files that Dovecot manages (see `dovecotEvidence`).
  public static func looksLikeDovecotMbox(_ path: String) -> Bool {
    dovecotEvidence(path) != nil
  }

  /// The mbox files to read with their folders, INBOX first; non-mail files are reported.
  public func entries(diagnostics: DiagnosticHandler) throws -> [MboxTreeReader.Entry] {
    var found = try MboxTreeReader(root: root, options: options).entries { diagnostic in
      if diagnostic.code == "hidden-directory", diagnostic.location.file.hasSuffix("/.imap") {
        diagnostics(
          Diagnostic(
            .ignored, code: "index-directory", "Dovecot's .imap/ index directory, not mail",
            at: diagnostic.location))
      } else {
        diagnostics(diagnostic)
      }
    }
    if let inboxFile = options.inboxFile {
      // `--inbox ~/mail/inbox` names a file of the tree itself: read it once, as INBOX.
      let spool = Self.fileID(inboxFile)
      found.removeAll { spool != nil && Self.fileID($0.path) == spool }
      for index in found.indices where found[index].folder.isInbox {
        let name = (found[index].path as NSString).lastPathComponent
        diagnostics(
          Diagnostic(
            .warning, code: "inbox-name-clash",
            "INBOX is read from \(inboxFile); this file is read as folder \"\(name)\"",
            at: SourceLocation(file: found[index].path)))
        found[index].folder = FolderPath([name])
      }
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: inboxFile, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        found.insert(MboxTreeReader.Entry(folder: .inbox, path: inboxFile), at: 0)
      } else {
        diagnostics(
          Diagnostic(
            .error, code: "unreadable-inbox",
            isDirectory.boolValue
              ? "the INBOX spool is a directory, not an mbox file"
              : "the INBOX spool does not exist",
            at: SourceLocation(file: inboxFile)))
      }
    }
    // INBOX first, the rest in the tree's order (parents before children).
    let inbox = found.filter { $0.folder.isInbox }
    return inbox + found.filter { !$0.folder.isInbox }
  }

  /// The folders of the mail directory, empty mbox files and directories included (as
  /// `MboxTreeReader.readFolders`), INBOX when `--inbox` names a spool; with
  /// `--subscribed-only`, INBOX and the subscribed folders only.
  public func readFolders() throws -> [FolderPath] {
    let subscribed = Self.subscriptionFiles.forSubscribedOnly(
      root: root, options: options, diagnostics: { _ in })
    var found = try MboxTreeReader(root: root, options: options).readFolders()
    if options.inboxFile != nil, !found.contains(where: \.isInbox) { found.insert(.inbox, at: 0) }
    return found.filter { subscribed?.contains($0) ?? true }
  }

  /// The subscriptions of the mail directory, nil when it has no usable subscriptions file.
  public func subscriptions(diagnostics: DiagnosticHandler) -> DovecotSubscriptions? {
    Self.subscriptionFiles.load(in: RawPath(root), diagnostics: diagnostics)
  }

  /// Calls `handler` for every message: INBOX first, then folder by folder, each file in order.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    let subscribed = Self.subscriptionFiles.forSubscribedOnly(
      root: root, options: options, diagnostics: diagnostics)
    for entry in try entries(diagnostics: diagnostics) {
      guard entry.kind == .mbox else {
        // A message file or a Maildir among the mbox files: read as the mail tree reads them.
        try MboxTreeReader.read(
          entry, root: root, options: options, diagnostics: diagnostics, handler)
        continue
      }
      do {
        if let subscribed, !subscribed.contains(entry.folder) {
          let count = try Self.countMessages(entry.path, options: options)
          diagnostics(
            DovecotSubscriptions.notSubscribed(
              entry.folder, messageCount: count, at: SourceLocation(file: entry.path)))
          continue
        }
        try readFile(entry, diagnostics: diagnostics, handler)
      } catch let error as MailStoreError {
        diagnostics(Diagnostic(.error, code: "unreadable-mbox", error.message, at: error.location))
      }
    }
  }

  /// Reads one mbox file the way `MboxReader` does, adding UIDs and the keyword check.
  func readFile(
    _ entry: MboxTreeReader.Entry, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws {
    let reader = MboxReader(path: entry.path, folder: entry.folder, options: options)
    let source = try FileByteSource(path: entry.path, chunkSize: options.chunkSize)
    defer { source.close() }
    let containerMtime = MboxReader.fileMtime(entry.path)
    var summary = MboxFileSummary(path: entry.path, folder: entry.folder)
    var splitter = MboxSplitter(
      source: source, path: entry.path, zone: options.mboxTimeZone, chunkSize: options.chunkSize)
    defer { splitter.close() }
    guard try splitter.start() else {
      diagnostics(
        Diagnostic(
          .ignored, code: "empty-mbox", "empty mbox file: no messages",
          at: SourceLocation(file: entry.path, offset: 0)))
      return
    }
    var base: DovecotMboxHeaders.IMAPBase?
    var lastUID: UInt32 = 0
    var index = 0
    while var chunk = try splitter.next() {
      defer { index += 1 }
      let headers = DovecotMboxHeaders(chunk.bytes, wantBase: index == 0)
      if index == 0 { base = headers.base }
      let location = SourceLocation(file: entry.path, offset: chunk.offset)
      guard
        var message = reader.interpret(
          &chunk, index: index, location: location, containerMtime: containerMtime,
          summary: &summary,
          diagnostics: diagnostics)
      else { continue }
      if let base, let uid = headers.uid {
        if uid > lastUID {
          message.sourceID = "uid:\(base.uidValidity):\(uid)"
          lastUID = uid
        } else {
          diagnostics(
            Diagnostic(
              .warning, code: "uid-not-increasing",
              "X-UID \(uid) does not increase (previous \(lastUID)); Dovecot would renumber it: "
                + "id is the byte offset", at: location))
        }
      }
      if !message.keywords.isEmpty {
        let trusted = message.keywords.filter { base?.keywords.contains($0) ?? false }
        if trusted.count != message.keywords.count {
          let dropped = message.keywords.filter { !trusted.contains($0) }
          diagnostics(
            Diagnostic(
              .warning, code: "untrusted-keyword",
              "X-Keywords \(dropped.joined(separator: " ")) dropped: not listed in the first message's "
                + "X-IMAPbase (Dovecot ignores them too)", at: location))
          message.keywords = trusted
        }
      }
      try handler(message)
    }
  }

  /// The device and inode of a file (symbolic links followed), nil when it cannot be found.
  static func fileID(_ path: String) -> [UInt64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
  }

  /// The number of messages in an mbox file (the UW-IMAP pseudo message not counted).
  static func countMessages(_ path: String, options: ReadOptions) throws -> Int {
    let source = try FileByteSource(path: path, chunkSize: options.chunkSize)
    defer { source.close() }
    var splitter = MboxSplitter(
      source: source, path: path, zone: options.mboxTimeZone, chunkSize: options.chunkSize)
    defer { splitter.close() }
    guard try splitter.start() else { return 0 }
    var count = 0
    while let chunk = try splitter.next() {
      if count == 0, DovecotMboxHeaders(chunk.bytes, wantBase: true).base?.isPseudoMessage == true {
        continue
      }
      count += 1
    }
    return count
  }

  /// Whether the first message of the file at `path` has `X-IMAPbase` or `X-IMAP` (reads 16 KiB).
  static func firstHeadersHaveIMAPBase(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 16 << 10), data.starts(with: "From ".utf8) else {
      return false
    }
    let bytes = [UInt8](data)
    guard let firstLineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return false }
    return DovecotMboxHeaders(Array(bytes[(firstLineEnd + 1)...]), wantBase: true).base != nil
  }
}

/// The few Dovecot headers `DovecotMboxReader` needs before `MboxReader` removes them: `X-UID`,
/// and in the first message `X-IMAPbase` / `X-IMAP` (SOURCE-FORMATS.md §4, "Status/flag headers").
///
/// A byte scan of the header section's line starts; no field list is built.
struct DovecotMboxHeaders {
  /// `X-IMAPbase: <uidvalidity> <last uid> [keyword ...]` (or `X-IMAP:`, same syntax).
  struct IMAPBase: Equatable {
    var uidValidity: UInt32
    var lastUID: UInt32?
    var keywords: Set<String>
    /// Whether the header was `X-IMAP` (the UW-IMAP pseudo message) rather than `X-IMAPbase`.
    var isPseudoMessage: Bool
  }

  var uid: UInt32?
  var base: IMAPBase?

  init(_ bytes: [UInt8], wantBase: Bool) {
    let count = bytes.count
    var lineStart = 0
    var baseValue: [UInt8]?
    var baseIsPseudo = false
    var collectingBase = false
    while lineStart < count {
      let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? count
      var contentEnd = lineEnd
      if contentEnd > lineStart, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
      if contentEnd == lineStart { break }  // the blank line ending the header section
      let first = bytes[lineStart]
      if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
        if collectingBase { baseValue?.append(contentsOf: bytes[lineStart..<contentEnd]) }
      } else {
        collectingBase = false
        if uid == nil, let value = Self.value(of: "x-uid:", in: bytes, lineStart, contentEnd) {
          uid = DovecotUidList.number(Self.trimmed(value))
        } else if wantBase, baseValue == nil {
          if let value = Self.value(of: "x-imapbase:", in: bytes, lineStart, contentEnd) {
            baseValue = Array(value)
            collectingBase = true
          } else if let value = Self.value(of: "x-imap:", in: bytes, lineStart, contentEnd) {
            baseValue = Array(value)
            baseIsPseudo = true
            collectingBase = true
          }
        }
      }
      lineStart = lineEnd + 1
    }
    if let baseValue {
      let words = baseValue.split(whereSeparator: {
        $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t")
      })
      if let first = words.first, let validity = DovecotUidList.number(first) {
        base = IMAPBase(
          uidValidity: validity,
          lastUID: words.dropFirst().first.flatMap { DovecotUidList.number($0) },
          keywords: Set(words.dropFirst(2).map { String(decoding: $0, as: UTF8.self) }),
          isPseudoMessage: baseIsPseudo)
      }
    }
  }

  /// The value after `name` (lowercase, with the colon) when the line starts with it.
  private static func value(of name: StaticString, in bytes: [UInt8], _ start: Int, _ end: Int)
    -> ArraySlice<UInt8>?
  {
    let length = name.utf8CodeUnitCount
    guard end - start >= length else { return nil }
    let pattern = UnsafeBufferPointer(start: name.utf8Start, count: length)
    for k in 0..<length {
      var byte = bytes[start + k]
      if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
      if byte != pattern[k] { return nil }
    }
    return bytes[(start + length)..<end]
  }

  private static func trimmed(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var value = value
    while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
      value = value.dropFirst()
    }
    while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
      value = value.dropLast()
    }
    return value
  }
}
