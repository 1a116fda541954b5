import MailModel

/// Reads every file of an EML / readpst / Apple Mail tree, for `EmlTreeReader` and `EmlxReader`
/// alike (SOURCE-FORMATS.md §5, FIDELITY.md).
struct EmlTreeEngine {
  let root: String
  let options: ReadOptions

  static let outlookMessageText =
    "Outlook .msg (binary) is not supported: convert it to .eml first (e.g. msgconvert)"
  static let partialEmlxText =
    "partial emlx: attachments stored apart (.emlxpart); not supported, export the mailbox from Apple Mail as mbox"

  /// Counts kept across one run.
  struct Tally {
    var outlookMessages = 0
  }

  func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void) throws {
    let scan = try EmlTreeScan.scan(root: RawPath(root), diagnostics: diagnostics)
    var tally = Tally()
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
        if let message = read(file, folder: folder.folder, tally: &tally, diagnostics: diagnostics)
        {
          try handler(message)
        }
      }
    }
    if tally.outlookMessages > 0 {
      let count = tally.outlookMessages
      diagnostics(
        Diagnostic(
          .warning, code: "outlook-msg-count",
          "\(count) Outlook .msg file\(count == 1 ? " was" : "s were") not read: convert "
            + "\(count == 1 ? "it" : "them") to .eml first (e.g. msgconvert)",
          at: SourceLocation(file: root)))
    }
  }

  /// One file: a message, or a diagnostic saying why not.
  func read(
    _ file: EmlTreeFile, folder: FolderPath, tally: inout Tally, diagnostics: DiagnosticHandler
  )
    -> Message?
  {
    let path = file.path
    let location = SourceLocation(file: path.display)
    func outlook() -> Message? {
      tally.outlookMessages += 1
      diagnostics(Diagnostic(.skipped, code: "outlook-msg", Self.outlookMessageText, at: location))
      return nil
    }
    func mboxFile() -> Message? {
      diagnostics(
        Diagnostic(
          .skipped, code: "mbox-file",
          "an mbox file (starts with a 'From ' line) inside an EML tree: not read here; "
            + "convert it on its own (--format mbox)", at: location))
      return nil
    }
    func notMessage(_ what: String) -> Message? {
      diagnostics(
        Diagnostic(.ignored, code: "not-a-message", "\(what), not a message", at: location))
      return nil
    }

    switch file.kind {
    case .ignored(let code, let reason):
      diagnostics(Diagnostic(.ignored, code: code, reason, at: location))
      return nil
    case .partialEmlx:
      diagnostics(Diagnostic(.skipped, code: "partial-emlx", Self.partialEmlxText, at: location))
      return nil
    case .msgCopy:
      diagnostics(
        Diagnostic(
          .ignored, code: "msg-copy",
          "Outlook .msg copy of the .eml file beside it (readpst -m); the .eml is read",
          at: location))
      return nil
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
      return nil
    case .failed(let error):
      diagnostics(UnreadableFile.diagnostic(path, error: error))
      return nil
    }
    do throws(FileSystemError) {
      if opened.size == 0 {
        if case .other(let ext) = file.kind { return notMessage("empty .\(ext) file") }
        diagnostics(
          Diagnostic(
            .ignored, code: "empty-file", "empty (0-byte) file (an export placeholder)",
            at: location))
        return nil
      }
      switch file.kind {
      case .eml:
        let bytes = try opened.readAll()
        if EmlSniff.isCompoundFile(bytes) { return outlook() }
        return message(
          bytes, file: file, folder: folder, mtime: opened.mtime, checkFirstLine: true,
          diagnostics: diagnostics)
      case .msg:
        let prefix = try opened.read(from: 0, count: EmlSniff.prefixLength)
        if EmlSniff.isCompoundFile(prefix) { return outlook() }
        guard EmlSniff.looksLikeMessage(prefix) else {
          return notMessage("a .msg file that is neither an Outlook message nor RFC 822 text")
        }
        let bytes = try opened.readAll()
        return message(
          bytes, file: file, folder: folder, mtime: opened.mtime, diagnostics: diagnostics)
      case .bare:
        let prefix = try opened.read(from: 0, count: EmlSniff.prefixLength)
        if EmlSniff.isCompoundFile(prefix) { return outlook() }
        if EmlSniff.begins(prefix, object: "VCARD") {
          diagnostics(
            Diagnostic(
              .ignored, code: "contact-file", "contact (vCard) file, not a message", at: location))
          return nil
        }
        if EmlSniff.begins(prefix, object: "VCALENDAR") {
          diagnostics(
            Diagnostic(
              .ignored, code: "calendar-file", "calendar (iCalendar) file, not a message",
              at: location))
          return nil
        }
        if EmlSniff.isMbox(prefix) { return mboxFile() }
        guard EmlSniff.looksLikeMessage(prefix) else {
          return notMessage("file with no extension that does not look like an RFC 822 message")
        }
        let bytes = try opened.readAll()
        return message(
          bytes, file: file, folder: folder, mtime: opened.mtime, diagnostics: diagnostics)
      case .other(let ext):
        let prefix = try opened.read(from: 0, count: 1024)
        if EmlSniff.isCompoundFile(prefix) { return outlook() }
        if EmlSniff.isMbox(prefix) { return mboxFile() }
        return notMessage(".\(ext) file")
      case .emlx:
        let bytes = try opened.readAll()
        return emlxMessage(
          bytes, file: file, folder: folder, mtime: opened.mtime, diagnostics: diagnostics)
      case .partialEmlx, .msgCopy, .ignored:
        return nil
      }
    } catch {
      diagnostics(UnreadableFile.diagnostic(path, error: error))
      return nil
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
