import Foundation
import MailModel

/// A `.meta` entry read back (by `verify` and the tests): the fields zmigrate writes.
public struct ParsedMeta: Sendable, Hashable {
  /// `Ver`.
  public var version: Int
  /// `id` (item id).
  public var id: Int
  /// `type` (5 = message).
  public var type: Int
  /// `date`: received date, seconds since the epoch.
  public var date: Int64
  /// `size`: the blob's byte count.
  public var size: Int
  /// `unread`: greater than 0 means unread.
  public var unread: Int
  /// `flags`: Zimbra's numeric flag bitmask.
  public var flags: Int
  /// `FlagStr`, nil when absent.
  public var flagStr: String?
  /// `TagNames` split and unescaped as Zimbra's `ItemData.getTagNames` does; empty when absent.
  public var tagNames: [String]
  /// `Path` split into folder names (`/Inbox/Projects/` → `["Inbox", "Projects"]`).
  public var path: [String]
  /// `blob_digest`, nil when absent or empty.
  public var blobDigest: String?
  /// `name` (a folder's own name), nil when absent or empty.
  public var name: String?
}

/// Builds and reads the `.meta` JSON that carries a message's flags, tags and folder (ZIMBRA-IMPORT.md §1.6).
///
/// The writer is hand-made for speed and a fixed key order; the reader uses `JSONSerialization`
/// so that the two are independent.
public enum MetaRecord {
  /// The first item id to use: far above real item ids (a lookup by id must find nothing in the
  /// target mailbox, §1.6 `id`) and below 2^30.
  public static let firstID = 900_000_000

  /// The `Ver` written (Zimbra accepts ≤ 10, `Metadata.LEGACY_METADATA_VERSION`).
  public static let version = 10
  /// Zimbra's item type for messages.
  public static let messageType = 5
  /// Zimbra's item type for folders.
  public static let folderType = 1
  /// The first item id of folder `.meta` entries: above every message id, below 2^30.
  public static let firstFolderID = 1_000_000_000
  /// A folder's `metadata`: Zimbra's bencoded map with the default view (`vt`) 5, message, so
  /// that the folder is a mail folder (`Folder.decodeMetadata`, docs/bundle.md).
  public static let mailFolderMetadata = "d2:vti5ee"

  /// Zimbra's numeric flag bits (`Flag.java`: bit = 1 << (-id - 1)).
  public enum FlagBit {
    /// `\Answered`.
    public static let replied = 4
    /// `\Forwarded`.
    public static let forwarded = 8
    /// `\Flagged`.
    public static let flagged = 32
    /// `\Draft`.
    public static let draft = 64
    /// `\Deleted`.
    public static let deleted = 128
  }

  /// Zimbra's tag-name limit (`MailItem.MAX_NAME_LENGTH`, UTF-16 units).
  public static let maxTagLength = 255

  /// The `.meta` JSON for one message, as UTF-8 bytes with a fixed key order.
  ///
  /// `keywords` go through `tags(for:flags:)` first (idempotent, so already-mapped tags may be
  /// passed): `$Forwarded` becomes the forwarded flag, `$MDNSent` is dropped, the rest become
  /// valid Zimbra tag names. `path` is the Zimbra folder path (`["Inbox", "Projects"]`).
  public static func json(
    id: Int, path: [String], date: Int64, size: Int, flags: MessageFlags, keywords: [String],
    blobDigest: String
  ) -> [UInt8] {
    var flags = flags
    let tagList = tags(for: keywords, flags: &flags)
    var out: [UInt8] = []
    out.reserveCapacity(
      320 + path.reduce(0) { $0 + $1.utf8.count + 1 } + tagList.reduce(0) { $0 + $1.utf8.count + 1 }
    )
    func raw(_ text: StaticString) {
      text.withUTF8Buffer { out.append(contentsOf: $0) }
    }
    func number<T: BinaryInteger>(_ key: StaticString, _ value: T) {
      raw(key)
      out.append(contentsOf: String(value).utf8)
    }
    raw("{\"Ver\":")
    out.append(contentsOf: String(version).utf8)
    number(",\"id\":", id)
    number(",\"type\":", messageType)
    raw(",\"parent_id\":-1,\"folder_id\":2")
    number(",\"imap_id\":", id)
    number(",\"date\":", date)
    number(",\"size\":", size)
    number(",\"unread\":", flags.contains(.seen) ? 0 : 1)
    number(",\"flags\":", numericFlags(flags))
    raw(",\"mod_metadata\":1")
    number(",\"change_date\":", date)
    raw(",\"mod_content\":1")
    if !blobDigest.isEmpty {
      raw(",\"blob_digest\":")
      appendString(blobDigest, to: &out)
    }
    raw(",\"FlagStr\":")
    appendString(flagString(flags), to: &out)
    if !tagList.isEmpty {
      raw(",\"TagNames\":")
      appendString(encodeTagNames(tagList), to: &out)
    }
    raw(",\"Path\":")
    appendString(pathString(path), to: &out)
    out.append(UInt8(ascii: "}"))
    return out
  }

  /// The `.meta` JSON for a folder (item type 1, no blob after it): Zimbra's archive import
  /// creates a folder named `name` with the view in `metadata` under the parent of `Path`,
  /// parents first, unless a folder with that path exists (docs/bundle.md, "Folders").
  /// `path` is the Zimbra folder path (`["Archive", "2023"]`), never empty.
  public static func folderJSON(id: Int, path: [String], date: Int64) -> [UInt8] {
    var out: [UInt8] = []
    func raw(_ text: String) { out.append(contentsOf: text.utf8) }
    raw("{\"Ver\":\(version),\"id\":\(id),\"type\":\(folderType)")
    raw(",\"parent_id\":-1,\"folder_id\":1,\"imap_id\":\(id),\"date\":\(date),\"size\":0")
    raw(",\"unread\":0,\"flags\":0,\"mod_metadata\":1,\"change_date\":\(date),\"mod_content\":1")
    raw(",\"name\":")
    appendString(path.last ?? "", to: &out)
    raw(",\"metadata\":")
    appendString(mailFolderMetadata, to: &out)
    raw(",\"Path\":")
    appendString("/" + path.joined(separator: "/"), to: &out)
    out.append(UInt8(ascii: "}"))
    return out
  }

  /// `blob_digest` for a SHA-256: standard Base64 (padded) with `/` replaced by `,`
  /// (Zimbra's `ByteUtil.encodeFSSafeBase64`).
  public static func blobDigest(_ sha256: [UInt8]) -> String {
    String(sha256.base64.map { $0 == "/" ? "," : $0 })
  }

  /// Zimbra's numeric flags for `flags` (unread is not a bit here; it is `unread`).
  public static func numericFlags(_ flags: MessageFlags) -> Int {
    var bits = 0
    if flags.contains(.answered) { bits |= FlagBit.replied }
    if flags.contains(.forwarded) { bits |= FlagBit.forwarded }
    if flags.contains(.flagged) { bits |= FlagBit.flagged }
    if flags.contains(.draft) { bits |= FlagBit.draft }
    if flags.contains(.deleted) { bits |= FlagBit.deleted }
    return bits
  }

  /// `FlagStr` for `flags`, in the order Zimbra's `Flag.toString` writes (`r w f d x u`), with
  /// `u` when the message is not seen. Zimbra resets the item's flags to this string (§1.6).
  public static func flagString(_ flags: MessageFlags) -> String {
    var text = ""
    if flags.contains(.answered) { text.append("r") }
    if flags.contains(.forwarded) { text.append("w") }
    if flags.contains(.flagged) { text.append("f") }
    if flags.contains(.draft) { text.append("d") }
    if flags.contains(.deleted) { text.append("x") }
    if !flags.contains(.seen) { text.append("u") }
    return text
  }

  /// The flags a `.meta` records: from `FlagStr` when it has one (Zimbra resets an item's flags
  /// to it), else from the numeric `flags` and `unread`. The inverse of `flagString`.
  public static func flags(of meta: ParsedMeta) -> MessageFlags {
    var flags: MessageFlags = []
    if let text = meta.flagStr {
      for letter in text {
        switch letter {
        case "r": flags.insert(.answered)
        case "w": flags.insert(.forwarded)
        case "f": flags.insert(.flagged)
        case "d": flags.insert(.draft)
        case "x": flags.insert(.deleted)
        default: break
        }
      }
      if !text.contains("u") { flags.insert(.seen) }
      return flags
    }
    let bits: [(Int, MessageFlags)] = [
      (FlagBit.replied, .answered), (FlagBit.forwarded, .forwarded), (FlagBit.flagged, .flagged),
      (FlagBit.draft, .draft), (FlagBit.deleted, .deleted),
    ]
    for (bit, flag) in bits where meta.flags & bit != 0 { flags.insert(flag) }
    if meta.unread == 0 { flags.insert(.seen) }
    return flags
  }

  /// The Zimbra tags for a message's IMAP keywords; updates `flags` for keywords that are flags.
  ///
  /// The one place this mapping lives: `$Forwarded` (any case) sets the forwarded flag, `$MDNSent`
  /// is dropped; every other keyword (including `$Junk`, `$NotJunk`, `NonJunk`, `$label1`)
  /// becomes a tag, made valid for Zimbra's `Tag.validateItemName`: `:` and `\` (refused) → `_`,
  /// TAB/CR/LF → space, other control characters, DEL, U+FFFE, U+FFFF → `_`, trimmed, cut to 255
  /// UTF-16 units; empty names dropped; duplicates (ignoring case) dropped. Idempotent.
  public static func tags(for keywords: [String], flags: inout MessageFlags) -> [String] {
    var dropped: [String] = []
    return tags(for: keywords, flags: &flags, notes: &dropped)
  }

  /// The same, with a note for every keyword that was dropped, turned into a flag or renamed.
  public static func tags(for keywords: [String], flags: inout MessageFlags, notes: inout [String])
    -> [String]
  {
    var result: [String] = []
    var seen: Set<String> = []
    for keyword in keywords {
      switch keyword.lowercased() {
      case "$forwarded":
        flags.insert(.forwarded)
        notes.append("keyword '\(keyword)' written as the forwarded flag")
        continue
      case "$mdnsent":
        notes.append("keyword '\(keyword)' dropped (Zimbra has no such flag)")
        continue
      default:
        break
      }
      let name = tagName(keyword)
      if name.isEmpty {
        notes.append("keyword '\(keyword)' dropped (no usable tag name)")
        continue
      }
      if name != keyword { notes.append("keyword '\(keyword)' written as tag '\(name)'") }
      if seen.insert(name.lowercased()).inserted { result.append(name) }
    }
    return result
  }

  /// `keyword` as a valid Zimbra tag name (possibly empty: then it cannot be a tag).
  static func tagName(_ keyword: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in keyword.unicodeScalars {
      switch scalar.value {
      case 0x09, 0x0A, 0x0D: scalars.append(" ")
      case 0..<0x20, 0x7F, 0xFFFE, 0xFFFF, 0x3A, 0x5C: scalars.append("_")
      default: scalars.append(scalar)
      }
    }
    var name = String(scalars).trimmingWhitespace()
    if name.utf16.count > maxTagLength {
      var count = 0
      var end = name.startIndex
      for index in name.indices {
        let width = name[index].utf16.count
        if count + width > maxTagLength { break }
        count += width
        end = name.index(after: index)
      }
      name = String(name[..<end]).trimmingWhitespace()
    }
    return name
  }

  /// `TagNames`: names joined with `:`, `\` and `:` escaped with `\` (`ItemData.getTagString`).
  ///
  /// Zimbra reads a value without any `:` literally, unescaped; so a single name that needs
  /// escaping gets a trailing `:` (an empty last name, which Zimbra skips) to be read right.
  public static func encodeTagNames(_ names: [String]) -> String {
    var text = ""
    for (i, name) in names.enumerated() {
      if i > 0 { text.append(":") }
      for ch in name.unicodeScalars {
        if ch == "\\" || ch == ":" { text.append("\\") }
        text.unicodeScalars.append(ch)
      }
    }
    if names.count == 1, text.contains("\\"), !names[0].contains(":") { text.append(":") }
    return text
  }

  /// Splits a `TagNames` value exactly as Zimbra's `ItemData.getTagNames` does.
  public static func decodeTagNames(_ serialized: String) -> [String] {
    if serialized.isEmpty { return [] }
    if !serialized.unicodeScalars.contains(":") { return [serialized] }
    var names: [String] = []
    var current = String.UnicodeScalarView()
    var escaped = false
    for ch in serialized.unicodeScalars {
      if escaped {
        current.append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == ":" {
        if !current.isEmpty { names.append(String(current)) }
        current = String.UnicodeScalarView()
      } else {
        current.append(ch)
      }
    }
    if !current.isEmpty { names.append(String(current)) }
    return names
  }

  /// `Path` for a message in `path`: `/Inbox/Projects/` (a message's own name is empty).
  public static func pathString(_ path: [String]) -> String {
    path.isEmpty ? "/" : "/" + path.joined(separator: "/") + "/"
  }

  /// Reads a `.meta` entry. Throws `BundleError` when it is not a JSON object or lacks a key
  /// Zimbra requires (`Ver`, `id`, `type`, `parent_id`, `folder_id`, `imap_id`, `date`, `size`,
  /// `unread`, `flags`, `mod_metadata`, `change_date`, `mod_content`).
  public static func parse(_ json: [UInt8]) throws -> ParsedMeta {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(json), options: [])
    } catch {
      throw BundleError(".meta is not valid JSON: \(error)")
    }
    guard let dict = object as? [String: Any] else {
      throw BundleError(".meta is not a JSON object")
    }
    let required = [
      "Ver", "id", "type", "parent_id", "folder_id", "imap_id", "date", "size", "unread", "flags",
      "mod_metadata", "change_date", "mod_content",
    ]
    var numbers: [String: Int64] = [:]
    for key in required {
      guard let value = dict[key] else { throw BundleError(".meta lacks the required key \(key)") }
      guard let number = integer(value) else {
        throw BundleError(".meta key \(key) is not an integer")
      }
      numbers[key] = number
    }
    func string(_ key: String) throws -> String? {
      guard let value = dict[key], !(value is NSNull) else { return nil }
      guard let text = value as? String else {
        throw BundleError(".meta key \(key) is not a string")
      }
      return text
    }
    // Split at the scalar `/`, not the Character: a name starting with a combining mark makes
    // one grapheme with the `/` before it (`/\u{33F}`), which a Character split would not cut.
    let path = (try string("Path") ?? "").unicodeScalars
      .split(separator: "/", omittingEmptySubsequences: true)
      .map { String(String.UnicodeScalarView($0)) }
    let digest = try string("blob_digest")
    let name = try string("name")
    return ParsedMeta(
      version: Int(numbers["Ver"] ?? 0), id: Int(numbers["id"] ?? 0),
      type: Int(numbers["type"] ?? 0),
      date: numbers["date"] ?? 0, size: Int(numbers["size"] ?? 0),
      unread: Int(numbers["unread"] ?? 0),
      flags: Int(numbers["flags"] ?? 0), flagStr: try string("FlagStr"),
      tagNames: decodeTagNames(try string("TagNames") ?? ""), path: path,
      blobDigest: digest?.isEmpty == true ? nil : digest, name: name?.isEmpty == true ? nil : name)
  }

  /// An integer JSON value (as `JSONSerialization` hands it back on Linux and Darwin).
  private static func integer(_ value: Any) -> Int64? {
    if let v = value as? Int { return Int64(v) }
    if let v = value as? Int64 { return v }
    if let number = value as? NSNumber {
      let d = number.doubleValue
      guard d.rounded() == d, abs(d) < 9.2e18 else { return nil }
      return number.int64Value
    }
    return nil
  }

  /// Appends `text` as a JSON string: `"` and `\` escaped, control characters as `\u00XX`,
  /// everything else (non-ASCII included) as UTF-8.
  static func appendString(_ text: String, to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    out.append(UInt8(ascii: "\""))
    let utf8 = text.utf8
    var index = utf8.startIndex
    while index != utf8.endIndex {
      let byte = utf8[index]
      index = utf8.index(after: index)
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        out.append(UInt8(ascii: "\\"))
        out.append(byte)
      case 0..<0x20:
        out.append(contentsOf: Array("\\u00".utf8))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 15)])
      case 0xEF where utf8[index...].starts(with: [0xBB, 0xBF]):
        // U+FEFF escaped: Foundation's JSON reader drops it raw at the start of a string.
        out.append(contentsOf: Array("\\ufeff".utf8))
        index = utf8.index(index, offsetBy: 2)
      default:
        out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
