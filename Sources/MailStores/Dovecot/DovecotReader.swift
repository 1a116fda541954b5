import MailModel

/// Reads a Dovecot Maildir (Maildir++ or LAYOUT=fs) through `MaildirReader`, adding what
/// Dovecot's control files know (SOURCE-FORMATS.md §2–§3).
///
/// * Folders, flags, `dovecot-keywords` letters, dates and bytes: exactly as `MaildirReader`.
/// * Within a folder, messages come in **UID order** from the folder's `dovecot-uidlist`
///   (Courier's `courierimapuiddb` when there is no Dovecot list), matched by base name; files
///   the list does not have follow in file-name order, each with a warning (`no-uid`).
/// * A message with a UID gets `sourceID` `uid:<UIDVALIDITY>:<UID>`; the others keep their base
///   name. A missing or corrupt list is a warning and the folder is read in file-name order.
/// * With `options.subscribedOnly`, only INBOX and the folders named in `subscriptions` (or
///   Courier's `courierimapsubscribed`) are read; each other folder is reported `.ignored` with
///   code `not-subscribed` and its message count.
///
/// `dovecot.index*` files are not read: for Maildir they only cache what the files hold.
public struct DovecotReader: MailStoreReader, Sendable {
  /// The store's root directory (INBOX).
  public let root: String
  /// The options the reader was made with.
  public let options: ReadOptions

  /// A reader of the Dovecot Maildir whose root (INBOX) is `root`.
  public init(root: String, options: ReadOptions = ReadOptions()) {
    self.root = root
    self.options = options
  }

  /// `dovecot-maildir`.
  public var formatName: String { "dovecot-maildir" }

  /// The subscription files of a Maildir root, in the order they are tried.
  static let subscriptionFiles = DovecotSubscriptionFiles(
    names: [("subscriptions", false), ("courierimapsubscribed", true)],
    shownName: "subscriptions or courierimapsubscribed file")

  /// Whether `path` is a Maildir with a `dovecot-uidlist`, `dovecot-keywords` or
  /// `dovecot.index*` file in its root or in one of its folders.
  public static func looksLikeDovecotMaildir(_ path: String) -> Bool {
    guard MaildirReader.looksLikeMaildir(path) else { return false }
    return (try? DovecotMaildirCensus(root: path))?.isDovecot ?? false
  }

  /// The store's folders, INBOX first, parents before children (all of them, subscribed or not).
  public func folders() throws -> [FolderPath] {
    try MaildirReader(root: root, options: options).folders()
  }

  /// The folders `readMessages` reads, empty ones included: with `--subscribed-only`, INBOX and
  /// the subscribed folders only.
  public func readFolders() throws -> [FolderPath] {
    let subscribed = Self.subscriptionFiles.forSubscribedOnly(
      root: root, options: options, diagnostics: { _ in })
    return try folders().filter { subscribed?.contains($0) ?? true }
  }

  /// The subscriptions of the store, nil when it has no usable subscriptions file.
  public func subscriptions(diagnostics: DiagnosticHandler) -> DovecotSubscriptions? {
    Self.subscriptionFiles.load(in: RawPath(root), diagnostics: diagnostics)
  }

  /// Calls `handler` for every message, folder by folder (INBOX first, parents before
  /// children) and within a folder in UID order.
  ///
  /// Nothing but a missing or non-Maildir root (and errors thrown by `handler`) stops the run.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    let subscribed = Self.subscriptionFiles.forSubscribedOnly(
      root: root, options: options, diagnostics: diagnostics)
    try MaildirReader(root: root, options: options).readMessages(
      diagnostics: diagnostics,
      arrange: { location, files in
        if let subscribed, !subscribed.contains(location.folder) {
          diagnostics(
            DovecotSubscriptions.notSubscribed(
              location.folder, messageCount: files.count,
              at: SourceLocation(file: location.directory.display)))
          return false
        }
        Self.orderByUID(&files, in: location.directory, diagnostics: diagnostics)
        return true
      }, handler)
  }

  /// Puts `files` (in file-name order) into UID order and sets their `sourceID`s.
  static func orderByUID(
    _ files: inout [MaildirPendingFile], in directory: RawPath, diagnostics: DiagnosticHandler
  ) {
    guard !files.isEmpty else { return }
    let list: DovecotUidList
    let listPath: RawPath
    switch DovecotUidList.load(folder: directory, diagnostics: diagnostics) {
    case .unusable:
      return
    case .missing:
      diagnostics(
        Diagnostic(
          .warning, code: "no-uidlist",
          "folder has no dovecot-uidlist: its \(files.count) messages are read in file-name order, "
            + "without UIDs",
          at: SourceLocation(file: directory.display)))
      return
    case .list(let found, let path):
      list = found
      listPath = path
    }
    let validity = list.uidValidity
    if validity == nil {
      diagnostics(
        Diagnostic(
          .warning, code: "no-uidvalidity",
          "the UID list has no UIDVALIDITY: messages are in UID order, but their ids are file names",
          at: SourceLocation(file: listPath.display)))
    }
    var withUID: [(uid: UInt32, file: MaildirPendingFile)] = []
    var withoutUID: [MaildirPendingFile] = []
    withUID.reserveCapacity(files.count)
    var used: Set<UInt32> = []
    for var file in files {
      func location() -> SourceLocation {
        SourceLocation(
          file: directory.appending(file.inNew ? "new" : "cur").appending(file.name).display)
      }
      guard let uid = list.uid(forBaseName: MaildirFileName(file.name).base) else {
        diagnostics(
          Diagnostic(
            .warning, code: "no-uid",
            "not in the folder's UID list (delivered after Dovecot last synced it?): "
              + "read after the messages with UIDs", at: location()))
        withoutUID.append(file)
        continue
      }
      guard used.insert(uid).inserted else {
        diagnostics(
          Diagnostic(
            .warning, code: "duplicate-uid",
            "another file with the same base name already has UID \(uid): "
              + "read after the messages with UIDs, id is its file name", at: location()))
        withoutUID.append(file)
        continue
      }
      if let validity { file.sourceID = "uid:\(validity):\(uid)" }
      withUID.append((uid, file))
    }
    withUID.sort { $0.uid < $1.uid }
    files = withUID.map(\.file) + withoutUID
  }
}

/// What a Maildir's folders hold of Dovecot's files, for detection and `inspect`.
struct DovecotMaildirCensus {
  /// The number of folder directories.
  var folders = 0
  /// Folders with a `dovecot-uidlist`, by its version (0: unreadable header).
  var uidlistVersions: [Int: Int] = [:]
  /// Folders with a `dovecot-keywords` file.
  var keywordFolders = 0
  /// Folders with `dovecot.index*` files.
  var indexFolders = 0

  var uidlistFolders: Int { uidlistVersions.values.reduce(0, +) }

  var isDovecot: Bool { uidlistFolders > 0 || keywordFolders > 0 || indexFolders > 0 }

  /// Counts the Dovecot files of every folder of the Maildir at `root`; throws when it is not one.
  init(root: String) throws {
    for location in try MaildirFolderScan.scan(root: RawPath(root)) {
      folders += 1
      guard let entries = try? RawFileSystem.list(location.directory) else { continue }
      var hasIndex = false
      for entry in entries {
        if entry.named("dovecot-uidlist") {
          let version = Self.uidlistVersion(location.directory.appending(entry.name))
          uidlistVersions[version, default: 0] += 1
        } else if entry.named("dovecot-keywords") {
          keywordFolders += 1
        } else if entry.name.starts(with: "dovecot.index".utf8) {
          hasIndex = true
        }
      }
      if hasIndex { indexFolders += 1 }
    }
  }

  /// The version number at the start of a uidlist file (0 when there is none).
  static func uidlistVersion(_ path: RawPath) -> Int {
    guard let bytes = RawFileSystem.head(path, count: 16) else { return 0 }
    let digits = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    return DovecotUidList.number(digits).map(Int.init) ?? 0
  }

  /// "Maildir with dovecot-uidlist (version 3) in 7 of 8 folders", or what else made it Dovecot's.
  var reason: String {
    let of = "of \(folders) folder\(folders == 1 ? "" : "s")"
    if uidlistFolders > 0 {
      let versions = uidlistVersions.keys.sorted().map { $0 == 0 ? "unreadable" : String($0) }
      let label =
        versions.count == 1
        ? "version \(versions[0])" : "versions \(versions.joined(separator: ", "))"
      var text = "Maildir with dovecot-uidlist (\(label)) in \(uidlistFolders) \(of)"
      if keywordFolders > 0 { text += ", dovecot-keywords in \(keywordFolders)" }
      return text
    }
    if keywordFolders > 0 {
      return "Maildir with dovecot-keywords in \(keywordFolders) \(of) (no dovecot-uidlist)"
    }
    return "Maildir with dovecot.index files in \(indexFolders) \(of) (no dovecot-uidlist)"
  }
}
