import CZMigratePff
import MailModel

/// An open PST or OST file, read through libpff.
public final class PstFile {
  /// The file's path, as given.
  public let path: String
  /// The libpff file handle, open for reading.
  let handle: UnsafeMutablePointer<libpff_file_t>
  /// How deep embedded messages may nest before an item is reported as a failure.
  static let maximumEmbeddingDepth = 16
  /// How many named entries (id ≥ 0x8000) libpff could not resolve through the name-to-id map
  /// in what was read so far; they are left out of the bags.
  var unresolvedNamedEntries = 0
  /// Whether `libpff_file_recover_items` has run on this handle.
  var recovered = false
  /// Lost (orphan or recovered) nodes whose properties libpff could not read: fragments that
  /// cannot be told to be messages, passed over by `forEachLostItem`.
  public private(set) var unreadableLostNodes = 0

  /// Opens the file at `path`; throws an `OutlookError` naming the path, with libpff's text,
  /// when libpff cannot open it.
  public init(path: String) throws {
    self.path = path
    var pointer: UnsafeMutablePointer<libpff_file_t>?
    do {
      try Pff.call("libpff_file_initialize") { libpff_file_initialize(&pointer, $0) }
    } catch {
      throw OutlookError(
        "cannot open as a PST/OST file: \(error)", at: SourceLocation(file: path),
        cause: error)
    }
    guard let pointer else {
      throw OutlookError("libpff gave no file handle", at: SourceLocation(file: path))
    }
    do {
      try Pff.call("libpff_file_open") {
        libpff_file_open(pointer, path, libpff_get_access_flags_read(), $0)
      }
    } catch {
      var owned: UnsafeMutablePointer<libpff_file_t>? = pointer
      _ = libpff_file_free(&owned, nil)
      throw OutlookError(
        "cannot open as a PST/OST file: \(error)", at: SourceLocation(file: path),
        cause: error)
    }
    self.handle = pointer
  }

  deinit {
    _ = libpff_file_close(handle, nil)
    var owned: UnsafeMutablePointer<libpff_file_t>? = handle
    _ = libpff_file_free(&owned, nil)
  }

  /// The code page of the file's 8-bit strings (libpff's default, 1252, unless set); the
  /// fallback code page of every bag read from the file.
  public var asciiCodePage: Int {
    var page: Int32 = 0
    let result = try? Pff.call("libpff_file_get_ascii_codepage") {
      libpff_file_get_ascii_codepage(handle, &page, $0)
    }
    return result == 1 && page > 0 ? Int(page) : 1252
  }

  /// The message store's properties (the special folders' entry ids 0x35E0/0x35E3/0x35E4…,
  /// the display name).
  public func storeProperties() throws -> MapiPropertyBag {
    try wrapping("the message store") {
      guard
        let store = try Pff.item(
          "libpff_file_get_message_store",
          {
            libpff_file_get_message_store(handle, $0, $1)
          })
      else { throw PffFailure("the file has no message store") }
      return try store.properties(
        set: 0, codePage: asciiCodePage, unresolved: &unresolvedNamedEntries)
    }
  }

  /// The whole folder tree depth-first, parents before children: the root folder first, with
  /// the path `[]`.
  public func folders() throws -> [PstFolder] {
    try wrapping("the folder tree") {
      var result: [PstFolder] = []
      let root = try rootFolder()
      try collect(root, path: [], route: [], into: &result)
      return result
    }
  }

  /// Calls `body` with each message of `folder` (`associated` false) or each of its
  /// folder-associated contents (`associated` true), one at a time. An item libpff cannot read
  /// comes as a failure naming the file and the item, and the walk goes on; what `body` throws
  /// ends it. `parts` says how much of each item is read: `.properties` is a cheap look at
  /// classes and flags, `.headers` adds the recipients (addresses), `.whole` adds attachments.
  public func forEachItem(
    in folder: PstFolder, associated: Bool, parts: ItemParts = .whole,
    _ body: (Result<PstItem, OutlookError>) throws -> Void
  ) throws {
    let handleOfFolder = try wrapping("folder \(folder.identifier)") {
      try self.folder(at: folder.route)
    }
    let count = try wrapping("folder \(folder.identifier)") {
      try associated
        ? Self.associatedCount(of: handleOfFolder)
        : Pff.count("libpff_folder_get_number_of_sub_messages") {
          libpff_folder_get_number_of_sub_messages(handleOfFolder.pointer, $0, $1)
        }
    }
    for index in 0..<count {
      try body(
        readItem(
          at: index, of: handleOfFolder, folder: folder, associated: associated,
          parts: parts))
    }
  }

  /// The whole message at `index` of `folder` (after a look at fewer `parts`), or why it cannot
  /// be read.
  public func item(at index: Int, in folder: PstFolder) -> Result<PstItem, OutlookError> {
    do {
      let handleOfFolder = try wrapping("folder \(folder.identifier)") {
        try self.folder(at: folder.route)
      }
      return readItem(
        at: index, of: handleOfFolder, folder: folder, associated: false, parts: .whole)
    } catch let error as OutlookError {
      return .failure(error)
    } catch {
      return .failure(OutlookError("\(error)", at: SourceLocation(file: path), cause: error))
    }
  }

  /// One item of an open folder, or a failure naming the file and the item.
  func readItem(
    at index: Int, of handleOfFolder: PffItem, folder: PstFolder, associated: Bool,
    parts: ItemParts
  ) -> Result<PstItem, OutlookError> {
    let kind = associated ? "associated item" : "message"
    var identifier: UInt32?
    do throws(PffFailure) {
      let item = try Self.item(at: index, of: handleOfFolder, associated: associated)
      identifier = try item.identifier()
      let message =
        parts == .properties
        ? MapiMessage(
          properties: try item.properties(
            set: 0, codePage: asciiCodePage, unresolved: &unresolvedNamedEntries))
        : try readMessage(
          item, codePage: asciiCodePage, depth: 0, attachments: parts == .whole)
      return .success(
        PstItem(
          identifier: identifier ?? 0, index: index, message: message, isAssociated: associated))
    } catch {
      let name = identifier.map { "\(kind) \($0)" } ?? "\(kind) at index \(index)"
      return .failure(
        OutlookError(
          "cannot read \(name) of folder \(folder.identifier): \(error)",
          at: SourceLocation(file: path), cause: error))
    }
  }

  /// How much of an item `forEachItem` reads.
  public enum ItemParts: Sendable {
    /// The item's own properties.
    case properties
    /// Its properties and its recipient table.
    case headers
    /// Everything: properties, recipients, attachments and embedded messages.
    case whole
  }

  /// Items outside the folder tree: orphans (whose folder is gone) and, after recovery,
  /// deleted items found in the file's unallocated space.
  public enum LostItems: Sendable {
    /// Items libpff found while opening the file with no folder to hold them.
    case orphan
    /// Deleted items recovered from unallocated space (`libpff_file_recover_items`, a scan of
    /// the whole file, run on the first call).
    case recovered
  }

  /// Calls `body` with each orphan or recovered item, read whole; an item libpff cannot read
  /// comes as a failure and the walk goes on. Lost nodes without a message class (folders,
  /// attachment and recipient tables) are passed over, and so are nodes whose properties cannot
  /// be read (counted in `unreadableLostNodes`).
  public func forEachLostItem(
    _ kind: LostItems, _ body: (Result<PstItem, OutlookError>) throws -> Void
  ) throws {
    if kind == .recovered && !recovered {
      try wrapping("the file's unallocated space") {
        try Pff.call("libpff_file_recover_items") { libpff_file_recover_items(handle, 0, $0) }
      }
      recovered = true
    }
    let count = kind == .orphan ? orphanItemCount : recoveredItemCount
    for index in 0..<count {
      var identifier: UInt32?
      let result: Result<PstItem, OutlookError>
      do throws(PffFailure) {
        let fetched = try Pff.item("lost item \(index)") {
          kind == .orphan
            ? libpff_file_get_orphan_item_by_index(handle, Int32(index), $0, $1)
            : libpff_file_get_recovered_item_by_index(handle, Int32(index), $0, $1)
        }
        guard let item = fetched else { continue }
        identifier = try item.identifier()
        // libpff often cannot type a lost node; its own properties tell: a message has a class.
        // A node whose properties cannot be read at all is a fragment, counted, not an item.
        guard
          let properties = try? item.properties(
            set: 0, codePage: asciiCodePage, unresolved: &unresolvedNamedEntries)
        else {
          unreadableLostNodes += 1
          continue
        }
        if properties[.messageClass] == nil { continue }
        let message = try readMessage(item, codePage: asciiCodePage, depth: 0)
        result = .success(
          PstItem(identifier: identifier ?? 0, index: index, message: message, isAssociated: false))
      } catch {
        let name = identifier.map { "item \($0)" } ?? "item at index \(index)"
        result = .failure(
          OutlookError(
            "cannot read \(kind == .orphan ? "orphan" : "recovered") \(name): \(error)",
            at: SourceLocation(file: path), cause: error))
      }
      try body(result)
    }
  }

  /// The message (or associated content) at `index` of a folder.
  static func item(
    at index: Int, of folder: PffItem, associated: Bool
  ) throws(PffFailure) -> PffItem {
    let fetched = try Pff.item(
      "libpff_folder_get_sub_\(associated ? "associated_content" : "message") \(index)"
    ) {
      associated
        ? libpff_folder_get_sub_associated_content(folder.pointer, Int32(index), $0, $1)
        : libpff_folder_get_sub_message(folder.pointer, Int32(index), $0, $1)
    }
    guard let fetched else { throw PffFailure("libpff returned no item") }
    return fetched
  }

  /// The number of orphan items libpff found while opening the file (items outside the folder
  /// tree); 0 when libpff cannot tell.
  public var orphanItemCount: Int {
    (try? Pff.count("libpff_file_get_number_of_orphan_items") {
      libpff_file_get_number_of_orphan_items(handle, $0, $1)
    }) ?? 0
  }

  /// The number of recovered (deleted) items libpff holds. Recovery
  /// (`libpff_file_recover_items`) scans every unallocated block, so it is NOT run here: this is
  /// 0 unless something recovered items on this handle; 0 also when libpff cannot tell.
  public var recoveredItemCount: Int {
    (try? Pff.count("libpff_file_get_number_of_recovered_items") {
      libpff_file_get_number_of_recovered_items(handle, $0, $1)
    }) ?? 0
  }

  /// The root folder's handle.
  func rootFolder() throws(PffFailure) -> PffItem {
    guard
      let root = try Pff.item(
        "libpff_file_get_root_folder",
        {
          libpff_file_get_root_folder(handle, $0, $1)
        })
    else { throw PffFailure("the file has no root folder") }
    return root
  }

  /// The folder reached from the root through the sub-folder indexes of `route`.
  func folder(at route: [Int]) throws(PffFailure) -> PffItem {
    var current = try rootFolder()
    for index in route {
      let parent = current
      guard
        let next = try Pff.item(
          "libpff_folder_get_sub_folder \(index)",
          {
            libpff_folder_get_sub_folder(parent.pointer, Int32(index), $0, $1)
          })
      else { throw PffFailure("sub-folder \(index) is missing") }
      current = next
    }
    return current
  }

  /// Appends `folder` and, depth-first, its sub-folders to `result`.
  func collect(
    _ folder: PffItem, path: [String], route: [Int], into result: inout [PstFolder]
  ) throws(PffFailure) {
    let properties = try folder.properties(
      set: 0, codePage: asciiCodePage, unresolved: &unresolvedNamedEntries)
    let messages = try Pff.count("libpff_folder_get_number_of_sub_messages") {
      libpff_folder_get_number_of_sub_messages(folder.pointer, $0, $1)
    }
    let associated = Self.associatedCount(of: folder)
    result.append(
      PstFolder(
        identifier: try folder.identifier(), path: path, properties: properties,
        messageCount: messages, associatedCount: associated, route: route))
    let subFolders = try Pff.count("libpff_folder_get_number_of_sub_folders") {
      libpff_folder_get_number_of_sub_folders(folder.pointer, $0, $1)
    }
    for index in 0..<subFolders {
      guard
        let child = try Pff.item(
          "libpff_folder_get_sub_folder \(index)",
          {
            libpff_folder_get_sub_folder(folder.pointer, Int32(index), $0, $1)
          })
      else { continue }
      let name = try Self.name(of: child)
      try collect(child, path: path + [name], route: route + [index], into: &result)
    }
  }

  /// The number of a folder's associated contents; 0 when libpff cannot determine them, as for
  /// folders without an associated-contents table (it then reports "unable to determine sub
  /// associated contents").
  static func associatedCount(of folder: PffItem) -> Int {
    (try? Pff.count("libpff_folder_get_number_of_sub_associated_contents") {
      libpff_folder_get_number_of_sub_associated_contents(folder.pointer, $0, $1)
    }) ?? 0
  }

  /// A folder's name as libpff decodes it (PR_DISPLAY_NAME); empty when it has none.
  static func name(of folder: PffItem) throws(PffFailure) -> String {
    var size = 0
    let found = try Pff.call("libpff_folder_get_utf8_name_size") {
      libpff_folder_get_utf8_name_size(folder.pointer, &size, $0)
    }
    guard found == 1, size > 0 else { return "" }
    var text = [UInt8](repeating: 0, count: size)
    try Pff.call("libpff_folder_get_utf8_name") {
      libpff_folder_get_utf8_name(folder.pointer, &text, size, $0)
    }
    return String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// `item` as a message: its first record set, its recipient rows, its attachments (data by
  /// value, embedded messages read recursively up to `maximumEmbeddingDepth`).
  func readMessage(
    _ item: PffItem, codePage: Int, depth: Int, attachments readsAttachments: Bool = true
  ) throws(PffFailure) -> MapiMessage {
    guard depth <= Self.maximumEmbeddingDepth else {
      throw PffFailure("embedded messages nest deeper than \(Self.maximumEmbeddingDepth)")
    }
    let properties = try item.properties(
      set: 0, codePage: codePage, unresolved: &unresolvedNamedEntries)
    let ownPage = properties.codePage
    var message = MapiMessage(properties: properties)
    if let recipients = try Pff.item(
      "libpff_message_get_recipients", { libpff_message_get_recipients(item.pointer, $0, $1) })
    {
      for row in 0..<(try recipients.recordSetCount()) {
        message.recipients.append(
          try recipients.properties(
            set: row, codePage: ownPage, unresolved: &unresolvedNamedEntries))
      }
    }
    guard readsAttachments else { return message }
    let attachments = try Pff.count("libpff_message_get_number_of_attachments") {
      libpff_message_get_number_of_attachments(item.pointer, $0, $1)
    }
    for index in 0..<attachments {
      guard
        let attachment = try Pff.item(
          "libpff_message_get_attachment \(index)",
          {
            libpff_message_get_attachment(item.pointer, Int32(index), $0, $1)
          })
      else { continue }
      message.attachments.append(
        try readAttachment(attachment, codePage: ownPage, depth: depth))
    }
    return message
  }

  /// One attachment: its properties, the data of a by-value attachment when the record set
  /// does not hold it, and the message an embedded-message attachment holds.
  func readAttachment(
    _ attachment: PffItem, codePage: Int, depth: Int
  ) throws(PffFailure) -> MapiAttachment {
    var properties = try attachment.properties(
      set: 0, codePage: codePage, unresolved: &unresolvedNamedEntries)
    var type: Int32 = 0
    try Pff.call("libpff_attachment_get_type") {
      libpff_attachment_get_type(attachment.pointer, &type, $0)
    }
    switch type {
    case Int32(UInt8(ascii: "d")):
      if properties.binary(.attachData)?.isEmpty ?? true {
        let data = try Self.data(of: attachment)
        properties.set(.attachData, .binary, .single(data))
      }
      return MapiAttachment(properties: properties)
    case Int32(UInt8(ascii: "i")):
      guard
        let embedded = try Pff.item(
          "libpff_attachment_get_item",
          {
            libpff_attachment_get_item(attachment.pointer, $0, $1)
          })
      else { return MapiAttachment(properties: properties) }
      let message = try readMessage(embedded, codePage: codePage, depth: depth + 1)
      return MapiAttachment(properties: properties, embeddedMessage: message)
    default:
      return MapiAttachment(properties: properties)
    }
  }

  /// The whole data of a by-value attachment.
  static func data(of attachment: PffItem) throws(PffFailure) -> [UInt8] {
    var size: size64_t = 0
    let found = try Pff.call("libpff_attachment_get_data_size") {
      libpff_attachment_get_data_size(attachment.pointer, &size, $0)
    }
    guard found == 1, size > 0 else { return [] }
    guard size <= UInt64(Int.max) else { throw PffFailure("attachment data of \(size) bytes") }
    var data = [UInt8](repeating: 0, count: Int(size))
    var offset: Int64 = 0
    try Pff.call("libpff_attachment_data_seek_offset") { error in
      offset = libpff_attachment_data_seek_offset(attachment.pointer, 0, SEEK_SET, error)
      return offset < 0 ? -1 : 1
    }
    var filled = 0
    while filled < data.count {
      var read = 0
      try Pff.call("libpff_attachment_data_read_buffer") { error in
        read = data.withUnsafeMutableBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return -1 }
          return libpff_attachment_data_read_buffer(
            attachment.pointer, base + filled, buffer.count - filled, error)
        }
        return read < 0 ? -1 : 1
      }
      guard read > 0 else { throw PffFailure("attachment data ends at \(filled) of \(size) bytes") }
      filled += read
    }
    return data
  }

  /// Runs `body`, turning a libpff failure into an `OutlookError` about `what` in this file.
  func wrapping<Value>(_ what: String, _ body: () throws -> Value) throws -> Value {
    do {
      return try body()
    } catch {
      throw OutlookError(
        "cannot read \(what): \(error)", at: SourceLocation(file: path), cause: error)
    }
  }
}

/// One folder of a PST: where it sits, its properties and how many items it holds.
public struct PstFolder: Sendable {
  /// libpff's identifier of the folder (its node id; the last 4 bytes of a store entry id,
  /// little-endian, name it).
  public var identifier: UInt32
  /// The display names from below the root folder down to this folder (`[]` for the root).
  public var path: [String]
  /// The folder's own properties (0x3001 name, 0x3613 container class, 0x3602 counts…).
  public var properties: MapiPropertyBag
  /// The number of messages libpff finds in the folder.
  public var messageCount: Int
  /// The number of folder-associated contents (FAI: views, rules, settings).
  public var associatedCount: Int
  /// The sub-folder indexes from the root, to find the folder again (`[]` for the root; a
  /// folder's parent is the folder whose route is this one without its last index).
  public internal(set) var route: [Int]
}

/// One item of a folder, read as a MAPI message.
public struct PstItem: Sendable {
  /// libpff's identifier of the item (its node id).
  public var identifier: UInt32
  /// The item's index among the folder's messages (or associated contents).
  public var index: Int
  /// The item's properties (every entry of its record set), recipients and attachments.
  public var message: MapiMessage
  /// Whether the item is a folder-associated content item.
  public var isAssociated: Bool
}
