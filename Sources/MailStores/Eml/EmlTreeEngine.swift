import MailModel

/// Reads every file of an EML / readpst / Apple Mail tree, for `EmlTreeReader` and `EmlxReader`
/// alike (SOURCE-FORMATS.md §5, FIDELITY.md).
struct EmlTreeEngine {
  let root: String
  let options: ReadOptions

  static let partialEmlxText =
    "partial emlx: attachments stored apart (.emlxpart); not supported, export the mailbox from Apple Mail as mbox"

  func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void) throws {
    let scan = try EmlTreeScan.scan(root: RawPath(root), diagnostics: diagnostics)
    for folder in scan.folders {
      if folder.namingDirectories.count > 1 {
        let shown = folder.namingDirectories.map(\.display).joined(separator: ", ")
        let all = folder.namingDirectories.count == 2 ? "both" : "all"
        diagnostics(
          Diagnostic(
            .warning, code: "duplicate-folder",
            "directories \(shown) are \(all) folder \(folder.folder); their messages are merged",
            at: SourceLocation(file: folder.namingDirectories[1].display)))
      }
      for file in folder.files {
        try readFile(
          file, folder: folder.folder, diagnostics: diagnostics, handler)
      }
    }
    for maildir in scan.maildirs {
      try MboxTreeReader.read(
        MboxTreeReader.Entry(
          folder: maildir.folder, path: maildir.directory.display, kind: .maildir),
        root: root, options: options, diagnostics: diagnostics, handler)
    }
  }

  /// The groupware items (contacts, appointments, tasks) among the tree's Outlook `.msg` files,
  /// under whatever name they lie (the mail pass lists them as not mail).
  func readGroupware() throws -> GroupwareItems {
    let scan = try EmlTreeScan.scan(root: RawPath(root), diagnostics: { _ in })
    var items = GroupwareItems()
    for folder in scan.folders {
      for file in folder.files {
        switch file.kind {
        case .other(let ext) where EmlTreeClassifier.compoundDocumentExtensions.contains(ext):
          continue
        case .eml, .msg, .bare, .other:
          guard let head = RawFileSystem.head(file.path, count: 8), EmlSniff.isCompoundFile(head)
          else { continue }
          MsgFileReader.addGroupware(path: file.path.display, to: &items)
        default:
          continue
        }
      }
    }
    return items
  }

  /// The folders of the tree, parents before children: every directory of an EML tree and the
  /// root when it has files; only the `X.mbox` directories when `mailboxesOnly` (Apple Mail,
  /// whose other directories, `V10/MailData` and the like, are not folders); and every folder
  /// of the Maildirs met on the way.
  func readFolders(mailboxesOnly: Bool) throws -> [FolderPath] {
    let scan = try EmlTreeScan.scan(root: RawPath(root), diagnostics: { _ in })
    var found = scan.namedFolders.mailbox
    if !mailboxesOnly {
      found.formUnion(scan.namedFolders.eml)
      found.formUnion(scan.folders.map(\.folder))
    }
    for maildir in scan.maildirs {
      let prefix = maildir.folder.components
      let inside = (try? MaildirReader(root: maildir.directory.display).folders()) ?? []
      for folder in inside {
        found.insert(FolderPath(folder.isInbox ? prefix : prefix + folder.components))
      }
    }
    return found.sorted(by: EmlTreeScan.precedes)
  }

  /// What one file of the tree turned out to be.
  enum Outcome {
    /// One message.
    case message(Message)
    /// An mbox file (it starts with an envelope `From ` line), whose messages belong to `folder`.
    case mbox(folder: FolderPath)
    /// Not written; a diagnostic says why.
    case nothing
  }

  /// Reads one file of the tree: its message, or every message of an mbox file, to `handler`;
  /// anything else is a diagnostic.
  func readFile(
    _ file: EmlTreeFile, folder: FolderPath, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws {
    switch read(file, folder: folder, diagnostics: diagnostics) {
    case .message(let message):
      try handler(message)
    case .mbox(let mboxFolder):
      if mboxFolder == folder {
        try readEnvelopedFile(file, folder: folder, diagnostics: diagnostics, handler)
      } else {
        try readMbox(file.path.display, folder: mboxFolder, diagnostics: diagnostics, handler)
      }
    case .nothing:
      break
    }
  }

  /// Stops an mbox read once the file turned out to be one message.
  private struct OneMessage: Error {}

  /// Reads a file named as one message (`.eml`, `.msg`, a number) that starts with an envelope
  /// line. It is an mbox of one or more messages, except where the second "message" begins
  /// inside an attachment of the first: the first is a multipart whose closing boundary comes
  /// only after that `From ` line (a `git format-patch` attachment, with its `From <sha> Mon Sep
  /// 17 00:00:00 2001` line). Then the file is one message: its bytes after the envelope line,
  /// dated by the envelope, with an `envelope-one-message` warning.
  func readEnvelopedFile(
    _ file: EmlTreeFile, folder: FolderPath, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws {
    let path = file.path.display
    var first: Message?
    var held: [Diagnostic] = []
    var count = 0
    do {
      func take(_ message: Message) throws {
        count += 1
        if count == 1 {
          first = message
          return
        }
        if count == 2, let opening = first {
          if Self.closesInside(opening.bytes, later: message.bytes) { throw OneMessage() }
          held.forEach(diagnostics)
          held = []
          try handler(opening)
        }
        try handler(message)
      }
      try readMbox(path, folder: folder, diagnostics: { held.append($0) }, take)
    } catch is OneMessage {
      try readWhole(file, folder: folder, dated: first, diagnostics: diagnostics, handler)
      return
    }
    held.forEach(diagnostics)
    if count == 1, let first { try handler(first) }
  }

  /// Whether `bytes` is a multipart message whose closing boundary is missing from it and found
  /// in `later`: what an envelope-looking line inside an attachment leaves behind.
  static func closesInside(_ bytes: [UInt8], later: [UInt8]) -> Bool {
    guard let type = HeaderSection.value(of: "Content-Type", in: bytes),
      type.lowercased().contains("multipart/"),
      let boundary = MimeParameters.value(of: "boundary", in: type), !boundary.isEmpty
    else { return false }
    let closing = Array("--\(boundary)--".utf8)
    func contains(_ haystack: [UInt8]) -> Bool {
      guard haystack.count >= closing.count else { return false }
      return (0...(haystack.count - closing.count)).contains { start in
        haystack[start] == closing[0]
          && haystack[start..<start + closing.count].elementsEqual(closing)
      }
    }
    return !contains(bytes) && contains(later)
  }

  /// The file as one message: the bytes after its envelope line, read as an EML message but
  /// dated by the envelope (the first mbox message's date) when it had one.
  private func readWhole(
    _ file: EmlTreeFile, folder: FolderPath, dated: Message?, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws {
    let path = file.path
    guard case .bytes(let contents, let mtime) = RawFileSystem.readWholeFile(path) else {
      diagnostics(UnreadableFile.diagnostic(path, error: nil))
      return
    }
    let start = (contents.firstIndex(of: UInt8(ascii: "\n")) ?? contents.count - 1) + 1
    diagnostics(
      Diagnostic(
        .warning, code: "envelope-one-message",
        "a 'From ' line inside an attachment is not a separator here: the file is one message "
          + "(its envelope line removed)",
        at: SourceLocation(file: path.display)))
    guard
      var message = message(
        Array(contents[start...]), file: file, folder: folder, mtime: mtime,
        diagnostics: diagnostics)
    else { return }
    if let dated, dated.dateSource == .fromLine {
      message.internalDate = dated.internalDate
      message.dateSource = .fromLine
    }
    try handler(message)
  }

  /// Reads an mbox file met inside a tree; one that cannot be split is skipped with its reason
  /// and the rest of the tree is still read.
  func readMbox(
    _ path: String, folder: FolderPath, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws {
    let reader = MboxReader(path: path, folder: folder, options: options)
    // Offsets repeat from file to file: the file's place in the tree keeps source ids apart.
    let relative = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    do {
      _ = try reader.readFile(diagnostics: diagnostics) { message in
        var located = message
        located.sourceID = relative + "#" + message.sourceID
        try handler(located)
      }
    } catch let error as MailStoreError {
      diagnostics(
        Diagnostic(
          .skipped, code: "unreadable-mbox", "mbox file cannot be split: \(error.message)",
          at: error.location))
    }
  }

  /// The folder of an mbox file found in `folder`: the folder itself when the file is named as
  /// one message is (`.eml`, `.msg`, a number, readpst's `mbox`, a Maildir name), else a subfolder named after the
  /// file, without a `.mbox`/`.mbx` extension (`Archive`, `Sent.mbox`); at the root, whose
  /// messages are INBOX, such a file is a top-level folder, as in an mbox tree.
  static func mboxFolder(_ file: EmlTreeFile, in folder: FolderPath) -> FolderPath {
    let lower = EmlTreeClassifier.lowercased(file.name)
    switch file.kind {
    case .eml, .msg, .msgCopy, .emlx, .partialEmlx:
      return folder
    case .bare where EmlNaturalOrder.isNumberedName(file.name) || lower == "mbox":
      return folder
    case _ where MaildirFileName(file.name).info != .none:
      return folder  // a Maildir message name (`…:2,S`) lying outside a Maildir
    default:
      var name = MailText.decode(file.name)
      for suffix in [".mbox", ".mbx"] where lower.hasSuffix(suffix) && lower.count > suffix.count {
        name = String(name.dropLast(suffix.count))
      }
      return FolderPath((file.directory.isEmpty ? [] : folder.components) + [name])
    }
  }

  /// One file: a message, an mbox, or a diagnostic saying why neither.
  func read(
    _ file: EmlTreeFile, folder: FolderPath, diagnostics: DiagnosticHandler
  )
    -> Outcome
  {
    let path = file.path
    let location = SourceLocation(file: path.display)
    func outlook(mtime: Int64) -> Outcome {
      return single(
        MsgFileReader.message(
          path: path.display, folder: folder, sourceID: file.relativePath, mtime: mtime,
          diagnostics: diagnostics))
    }
    func mboxFile() -> Outcome {
      .mbox(folder: Self.mboxFolder(file, in: folder))
    }
    func single(_ message: Message?) -> Outcome {
      message.map(Outcome.message) ?? .nothing
    }
    func notMessage(_ what: String) -> Outcome {
      diagnostics(
        Diagnostic(.ignored, code: "not-a-message", "\(what), not a message", at: location))
      return .nothing
    }

    switch file.kind {
    case .ignored(let code, let reason):
      diagnostics(Diagnostic(.ignored, code: code, reason, at: location))
      return .nothing
    case .partialEmlx:
      diagnostics(Diagnostic(.skipped, code: "partial-emlx", Self.partialEmlxText, at: location))
      return .nothing
    case .msgCopy:
      diagnostics(
        Diagnostic(
          .ignored, code: "msg-copy",
          "Outlook .msg copy of the .eml file beside it (readpst -m); the .eml is read",
          at: location))
      return .nothing
    case .other(let ext) where EmlTreeClassifier.compoundDocumentExtensions.contains(ext):
      return notMessage(".\(ext) file")
    case .eml, .emlx, .msg, .bare, .other:
      break
    }

    let opened: OpenFile
    switch RawFileSystem.open(path) {
    case .opened(let handle): opened = handle
    case .notRegular:
      diagnostics(
        Diagnostic(.ignored, code: "not-regular-file", "not a regular file", at: location))
      return .nothing
    case .failed(let error):
      diagnostics(UnreadableFile.diagnostic(path, error: error))
      return .nothing
    }
    do throws(FileSystemError) {
      if opened.size == 0 {
        if case .other(let ext) = file.kind { return notMessage("empty .\(ext) file") }
        diagnostics(
          Diagnostic(
            .ignored, code: "empty-file", "empty (0-byte) file (an export placeholder)",
            at: location))
        return .nothing
      }
      switch file.kind {
      case .eml:
        let bytes = try opened.readAll()
        if EmlSniff.isCompoundFile(bytes) { return outlook(mtime: opened.mtime) }
        if bytes.starts(with: EmlSniff.envelopeStart),
          EmlSniff.startsWithEnvelope(Array(bytes.prefix(2048)))
        {
          return mboxFile()
        }
        return single(
          message(
            bytes, file: file, folder: folder, mtime: opened.mtime, checkFirstLine: true,
            diagnostics: diagnostics))
      case .msg, .bare, .other:
        let prefix = try opened.read(from: 0, count: EmlSniff.prefixLength)
        if EmlSniff.isCompoundFile(prefix) { return outlook(mtime: opened.mtime) }
        if case .bare = file.kind {
          if EmlSniff.begins(prefix, object: "VCARD") {
            diagnostics(
              Diagnostic(
                .ignored, code: "contact-file", "contact (vCard) file, not a message", at: location)
            )
            return .nothing
          }
          if EmlSniff.begins(prefix, object: "VCALENDAR") {
            diagnostics(
              Diagnostic(
                .ignored, code: "calendar-file", "calendar (iCalendar) file, not a message",
                at: location))
            return .nothing
          }
        }
        if EmlSniff.startsWithEnvelope(prefix) { return mboxFile() }
        // A file that parses as an RFC 822 message is a message, whatever its name; under a
        // foreign extension (`.txt`) it must have the fields every delivered message has.
        let what: String
        let isMessage: Bool
        switch file.kind {
        case .msg:
          what = "a .msg file that is neither an Outlook message nor RFC 822 text"
          isMessage = EmlSniff.looksLikeMessage(prefix)
        case .other(let ext):
          what = ".\(ext) file"
          isMessage = EmlSniff.looksLikeDeliveredMessage(prefix)
        default:
          what = "file with no extension that does not look like an RFC 822 message"
          isMessage = EmlSniff.looksLikeMessage(prefix)
        }
        guard isMessage else { return notMessage(what) }
        let bytes = try opened.readAll()
        return single(
          message(bytes, file: file, folder: folder, mtime: opened.mtime, diagnostics: diagnostics))
      case .emlx:
        let bytes = try opened.readAll()
        return single(
          emlxMessage(
            bytes, file: file, folder: folder, mtime: opened.mtime, diagnostics: diagnostics))
      case .partialEmlx, .msgCopy, .ignored:
        return .nothing
      }
    } catch {
      diagnostics(UnreadableFile.diagnostic(path, error: error))
      return .nothing
    }
  }

  /// An EML message: bytes exactly as in the file (bar trailing NULs), state from its headers,
  /// date as `--date-from` says.
  func message(
    _ original: [UInt8], file: EmlTreeFile, folder: FolderPath, mtime: Int64,
    checkFirstLine: Bool = false,
    diagnostics: DiagnosticHandler
  ) -> Message? {
    let location = SourceLocation(file: file.path.display)
    let cleanup = MessageCleanup(original)
    guard let transformations = cleanup.report("message", at: location, diagnostics: diagnostics)
    else {
      return nil
    }
    let bytes = cleanup.bytes
    if checkFirstLine && !EmlSniff.firstLineIsField(bytes) {
      diagnostics(
        Diagnostic(
          .warning, code: "no-header",
          "first line is not a header field; the file is written as it is",
          at: location))
    }
    let fields = HeaderSection.fields(of: bytes)
    let state = EmlHeaderState.read(fields, in: bytes)
    if state.expunged {
      diagnostics(
        Diagnostic(
          .ignored, code: "expunged",
          "Thunderbird expunged message (X-Mozilla-Status 0x0008) not written", at: location))
      return nil
    }
    var flags = state.flags
    if options.markAllUnread { flags.remove(.seen) }
    let (date, source, fellBack) = EmlDate.choose(
      options.dateFrom, fields: fields, in: bytes, mtime: mtime)
    if fellBack {
      diagnostics(
        Diagnostic(
          .warning, code: "no-date",
          "no parseable Received: or Date: header; used the file's modification time", at: location)
      )
    }
    return Message(
      folder: folder, bytes: bytes, flags: flags, internalDate: date, dateSource: source,
      sourceID: file.relativePath, location: location, transformations: transformations)
  }

  /// An Apple Mail message: the framed bytes, flags from the property list, date from its
  /// `date-received` (else the headers in `--date-from` order, else the file's mtime).
  func emlxMessage(
    _ fileBytes: [UInt8], file: EmlTreeFile, folder: FolderPath, mtime: Int64,
    diagnostics: DiagnosticHandler
  ) -> Message? {
    let shown = file.path.display
    let fileLocation = SourceLocation(file: shown)
    let emlx: EmlxFile
    do throws(EmlxFormatError) {
      emlx = try EmlxFile.parseFraming(fileBytes)
    } catch {
      diagnostics(
        Diagnostic(
          .skipped, code: "bad-emlx", "not a valid .emlx file: \(error.message)",
          at: SourceLocation(file: shown, offset: error.offset)))
      return nil
    }
    let location = SourceLocation(file: shown, offset: Int64(emlx.messageRange.lowerBound))
    if let problem = emlx.plistProblem {
      diagnostics(
        Diagnostic(
          .warning, code: "emlx-plist",
          "\(problem); flags and date taken from the message headers instead",
          at: SourceLocation(file: shown, offset: Int64(emlx.messageRange.upperBound))))
    }
    if emlx.messageRange.isEmpty {
      diagnostics(
        Diagnostic(
          .ignored, code: "empty-file", "emlx file holds a 0-byte message", at: fileLocation))
      return nil
    }
    let cleanup = MessageCleanup(Array(fileBytes[emlx.messageRange]))
    guard let transformations = cleanup.report("message", at: location, diagnostics: diagnostics)
    else {
      return nil
    }
    let bytes = cleanup.bytes
    let fields = HeaderSection.fields(of: bytes)
    var flags: MessageFlags
    if let value = emlx.flags {
      flags = EmlxFile.messageFlags(value)
    } else {
      let state = EmlHeaderState.read(fields, in: bytes)
      flags = state.flags
    }
    if options.markAllUnread { flags.remove(.seen) }
    var date: Int64
    var source: DateSource
    if let received = emlx.dateReceived {
      date = received
      source = .emlxDateReceived
    } else {
      // Without date-received the message carries no delivery date of its own: --date-from
      // decides, as for EML files.
      let fellBack: Bool
      (date, source, fellBack) = EmlDate.choose(
        options.dateFrom, fields: fields, in: bytes, mtime: mtime)
      if fellBack {
        diagnostics(
          Diagnostic(
            .warning, code: "no-date",
            "no date-received, Received: or Date:; used the file's modification time", at: location)
        )
      }
    }
    return Message(
      folder: folder, bytes: bytes, flags: flags, internalDate: date, dateSource: source,
      sourceID: file.relativePath, location: location, transformations: transformations)
  }
}
