import Foundation
import MailModel
import Outlook

/// Reads an Outlook PST or OST file through libpff (docs/outlook.md).
///
/// * Folders are the personal folders below the store's IPM subtree, by display name; special
///   folders are found by the store's entry ids, not by their (localized) names: Deleted Items
///   is `Trash`, Sent Items `Sent`, Drafts `Drafts`, Junk E-mail `Junk`, and the Inbox (the folder
///   that carries the special-folder entry ids) `INBOX`. Folders outside the subtree keep their
///   path from the root; items of the root or of the subtree itself go to INBOX.
/// * Calendar, contact and task folders, and the store's own folders outside the subtree
///   (search roots, common views), are not mail folders: `readFolders` leaves them out (their
///   items are still read).
/// * Every item is a message, or a diagnostic with its reason: folder-associated items and hidden
///   configuration items are ignored, groupware items and unreadable items skipped.
/// * An Exchange (X.500) address is written with the SMTP address the file holds for it anywhere
///   (a first pass over every item's properties and recipients gathers them).
/// * The received date is the delivery time, then the submit time, then the creation time, then
///   the file's mtime.
/// * Orphan items (outside the folder tree) and deleted items libpff recovers are read only with
///   `--recover` (`ReadOptions.recoverItems`), into the folder `Recovered Items`.
public struct PstReader: MailStoreReader, Sendable {
  /// The PST or OST file.
  public let path: String
  /// The options the reader was made with.
  public let options: ReadOptions

  /// A reader of the file at `path`.
  public init(path: String, options: ReadOptions = ReadOptions()) {
    self.path = path
    self.options = options
  }

  /// `pst`.
  public var formatName: String { "pst" }

  /// Whether the file at `path` starts with the PST signature `!BDN`.
  public static func looksLikePst(_ path: String) -> Bool {
    RawFileSystem.head(RawPath(path), count: 4) == Array("!BDN".utf8)
  }

  /// Calls `handler` for every mail item, folder by folder.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    let file = try open()
    let layout = try PstLayout(file)
    let mtime = Self.mtime(path)
    let items = OutlookItems(
      builder: MapiMailBuilder(exchangeAddresses: try exchangeAddresses(file, layout)))
    let location = SourceLocation(file: path)
    /// One item read: its message to `handler` (in `folder`, its diagnostics labelled), or why
    /// it is none.
    func deliver(
      _ result: Result<PstItem, OutlookError>, to folder: FolderPath,
      sourceID: (UInt32) -> String, label: (UInt32) -> String
    ) throws {
      switch result {
      case .success(let item):
        let message = items.message(
          item.message, folder: folder, sourceID: sourceID(item.identifier), location: location,
          fallbackDate: mtime,
          diagnostics: { diagnostic in
            var located = diagnostic
            located.message = label(item.identifier) + diagnostic.message
            diagnostics(located)
          })
        if let message { try handler(message) }
      case .failure(let error):
        diagnostics(
          Diagnostic(.skipped, code: "outlook-unreadable", error.message, at: error.location))
      }
    }
    for folder in layout.folders {
      try file.forEachItem(in: folder.source, associated: true) { result in
        switch result {
        case .success(let item):
          diagnostics(
            Diagnostic(
              .ignored, code: "outlook-hidden",
              "item \(item.identifier) in \(folder.shown): a folder-associated item (a view, rule or form), not a message (\(item.message.messageClass))",
              at: location))
        case .failure(let error):
          diagnostics(
            Diagnostic(.ignored, code: "outlook-hidden", error.message, at: error.location))
        }
      }
      try file.forEachItem(in: folder.source, associated: false) { result in
        try deliver(
          result, to: folder.path, sourceID: { "item:\($0)" },
          label: { "item \($0) in \(folder.shown): " })
      }
    }
    try forEachLostItem(file) { result, kind in
      try deliver(
        result, to: Self.recoveredFolder, sourceID: { "\(kind):\($0)" },
        label: { "\(kind) item \($0): " })
    }
    if let note = fragmentsNote(file) { diagnostics(note) }
  }

  /// The SMTP forms the file holds for Exchange addresses: a first pass over every item's
  /// properties and recipients (no attachments).
  func exchangeAddresses(_ file: PstFile, _ layout: PstLayout) throws -> [String: String] {
    var book = ExchangeAddressBook()
    for folder in layout.folders {
      try file.forEachItem(in: folder.source, associated: false, parts: .headers) { result in
        if case .success(let item) = result { book.learn(from: item.message) }
      }
    }
    return book.smtpByX500
  }

  /// The folder of orphan and recovered items (`--recover`).
  public static let recoveredFolder = FolderPath(["Recovered Items"])

  /// Calls `body` with each orphan and recovered item when `--recover` asks for them.
  func forEachLostItem(
    _ file: PstFile, _ body: (Result<PstItem, OutlookError>, String) throws -> Void
  ) throws {
    guard options.recoverItems else { return }
    try file.forEachLostItem(.orphan) { try body($0, "orphan") }
    try file.forEachLostItem(.recovered) { try body($0, "recovered") }
  }

  /// The note on lost nodes libpff could not read, nil when there were none.
  func fragmentsNote(_ file: PstFile) -> Diagnostic? {
    guard file.unreadableLostNodes > 0 else { return nil }
    return Diagnostic(
      .ignored, code: "outlook-fragments",
      "\(file.unreadableLostNodes) orphan or recovered node(s) whose properties libpff cannot read: fragments not known to be messages, not converted",
      at: SourceLocation(file: path))
  }

  /// The mail folders of the store, parents before children (calendar, contact and task folders
  /// left out).
  public func readFolders() throws -> [FolderPath] {
    let layout = try PstLayout(try open())
    var seen = Set<FolderPath>()
    return layout.folders.filter { $0.isMail && seen.insert($0.path).inserted }.map(\.path)
      + (options.recoverItems ? [Self.recoveredFolder] : [])
  }

  /// The open file, or a `MailStoreError` naming it.
  func open() throws -> PstFile {
    do {
      return try PstFile(path: path)
    } catch let error as OutlookError {
      throw MailStoreError(error.message, code: error.code, at: error.location, cause: error.cause)
    }
  }

  /// The file's modification time, 0 when it cannot be read.
  static func mtime(_ path: String) -> Int64 {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return Int64((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
  }
}

/// The folders of a PST with the paths zmigrate gives them.
struct PstLayout {
  /// One folder of the store.
  struct Folder {
    /// The folder as libpff gives it.
    var source: PstFolder
    /// The folder path messages are written under.
    var path: FolderPath
    /// The path as stored, for diagnostics (`Top of Personal Folders/Inbox`).
    var shown: String
    /// Whether it holds mail (not a calendar, contact or task folder).
    var isMail: Bool
  }

  /// Every folder, parents before children.
  var folders: [Folder]

  /// Container classes of folders that are not mail folders.
  static let groupwareClasses = ["IPF.APPOINTMENT", "IPF.CONTACT", "IPF.TASK"]

  /// The layout of `file`.
  init(_ file: PstFile) throws {
    let store = try file.storeProperties()
    let all = try file.folders()
    func node(_ name: MapiPropertyName, in bag: MapiPropertyBag) -> UInt32? {
      guard let entry = bag.binary(name), entry.count >= 24 else { return nil }
      return entry[20..<24].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    let subtree = node(.ipmSubtreeEntryID, in: store)
    var special: [UInt32: String] = [:]
    if let id = node(.wastebasketEntryID, in: store) { special[id] = "Trash" }
    if let id = node(.sentMailEntryID, in: store) { special[id] = "Sent" }
    // The Inbox carries the entry ids of the other special folders (MS-OXOSFLD 2.2.1).
    let subtreeRoute = all.first { $0.identifier == subtree }?.route
    for folder in all where subtreeRoute.map({ folder.route.dropLast() == $0[...] }) ?? false {
      if folder.properties[.tag(0x36D0)] != nil || folder.properties[.tag(0x36D7)] != nil {
        special[folder.identifier] = "INBOX"
        if let id = node(.tag(0x36D7), in: folder.properties) { special[id] = "Drafts" }
        let additional = folder.properties[.tag(0x36D8)]
        if case .multiple(let ids)? = additional?.value, ids.count > 4, ids[4].count >= 24 {
          special[ids[4][20..<24].reversed().reduce(0) { $0 << 8 | UInt32($1) }] = "Junk"
        }
        break
      }
    }
    var pathByRoute: [[Int]: [String]] = [:]
    var result: [Folder] = []
    for folder in all {
      let name = folder.properties.string(.displayName) ?? folder.path.last ?? ""
      var components: [String]
      if folder.route.isEmpty || folder.identifier == subtree {
        components = []
      } else {
        components =
          (pathByRoute[Array(folder.route.dropLast())] ?? []) + [special[folder.identifier] ?? name]
      }
      pathByRoute[folder.route] = components
      let containerClass = (folder.properties.string(.containerClass) ?? "").uppercased()
      let inSubtree = subtreeRoute.map { folder.route.starts(with: $0) } ?? true
      let isMail = inSubtree && !Self.groupwareClasses.contains { containerClass.hasPrefix($0) }
      result.append(
        Folder(
          source: folder, path: components.isEmpty ? .inbox : FolderPath(components),
          shown: folder.path.isEmpty ? "the root folder" : folder.path.joined(separator: "/"),
          isMail: isMail))
    }
    folders = result
  }
}

extension PstReader: GroupwareSource {
  /// The store's contacts, distribution lists, appointments and tasks: a look at every item's
  /// class first, then a full read of the groupware items only.
  public func readGroupware() throws -> GroupwareItems {
    let file = try open()
    let layout = try PstLayout(file)
    var items = GroupwareItems()
    for folder in layout.folders {
      var indexes: [Int] = []
      try file.forEachItem(in: folder.source, associated: false, parts: .properties) { result in
        if case .success(let item) = result, MapiMailMapping.kind(of: item.message).isGroupware {
          indexes.append(item.index)
        }
      }
      for index in indexes {
        // An item that cannot be read whole is reported by the mail pass (outlook-unreadable).
        guard case .success(let item) = file.item(at: index, in: folder.source) else { continue }
        items.add(
          item.message, location: SourceLocation(file: path),
          label: "item \(item.identifier) in \(folder.shown): ")
      }
    }
    try forEachLostItem(file) { result, kind in
      guard case .success(let item) = result else { return }
      items.add(
        item.message, location: SourceLocation(file: path),
        label: "\(kind) item \(item.identifier): ")
    }
    return items
  }
}
