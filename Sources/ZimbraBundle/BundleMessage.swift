import MailModel

/// One message as a Zimbra bundle holds it: the bytes, the Zimbra folder, the received date,
/// the flags and the tags. `BundleWriter.add(_:)` writes it and `BundleReader` gives it back.
public struct BundleMessage: Sendable, Equatable {
  /// The Zimbra folder path, one component per level (`["Inbox", "Projects"]`), written into
  /// `.meta` as `Path`.
  public var zimbraPath: [String]
  /// The message bytes, exactly as they go into the entry.
  public var bytes: [UInt8]
  /// The flags (seen, answered, flagged, draft, deleted, forwarded).
  public var flags: MessageFlags
  /// The Zimbra tags, already valid tag names (`MetaRecord.tags(for:flags:)`).
  public var tags: [String]
  /// The received date, seconds since 1970: the entry's mtime and the `.meta` date.
  public var date: Int64

  /// A message for `zimbraPath` with these bytes, flags, tags and received date.
  public init(
    zimbraPath: [String], bytes: [UInt8], flags: MessageFlags, tags: [String], date: Int64
  ) {
    self.zimbraPath = zimbraPath
    self.bytes = bytes
    self.flags = flags
    self.tags = tags
    self.date = date
  }

  /// The folder's directory inside the archive (`Inbox/Projects`).
  public var directory: String { FolderMapper.entryDirectory(zimbraPath) }

  /// Whether the seen flag is missing; unread messages are written with entry mode 0444.
  public var unread: Bool { !flags.contains(.seen) }
}

/// Zimbra's layout of messages in an archive (ZIMBRA-IMPORT.md §1): the one place that says how
/// a message becomes entries, for the writer and the reader alike.
public enum BundleLayout {
  /// The entry name of the `sequence`-th message (from 1) in `directory`: `Inbox/00000001.eml`.
  public static func entryName(directory: String, sequence: Int) -> String {
    let digits = String(sequence)
    return directory + "/" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
      + ".eml"
  }

  /// The `.meta` entry that describes the message entry `name`; it comes right before it.
  public static func metaName(for name: String) -> String { name + ".meta" }

  /// The item id written into the `.meta` of the `sequence`-th message.
  public static func itemID(sequence: Int) -> Int { MetaRecord.firstID + sequence }

  /// The entry mode: 0444 (no owner write bit) marks an unread message, 0644 a read one; Zimbra
  /// reads it when there is no `.meta` (and from `.zip`, never).
  public static func mode(unread: Bool) -> UInt32 { unread ? 0o444 : 0o644 }

  /// Whether an entry mode says unread.
  public static func isUnread(mode: UInt32) -> Bool { mode & 0o200 == 0 }

  /// Where folder `.meta` entries are named (`zmigrate-folders/00000001.meta`). Zimbra reads
  /// only the `.meta` suffix and the JSON (`Path`, `name`), not this name; folder entries come
  /// after every message, so a bundle without message `.meta` keeps its bare entries first.
  public static let folderEntryDirectory = "zmigrate-folders"

  /// The entry name of the `sequence`-th folder `.meta` (from 1).
  public static func folderEntryName(sequence: Int) -> String {
    let digits = String(sequence)
    return folderEntryDirectory + "/" + String(repeating: "0", count: max(0, 8 - digits.count))
      + digits + ".meta"
  }

  /// The item id written into the `sequence`-th folder `.meta`.
  public static func folderItemID(sequence: Int) -> Int { MetaRecord.firstFolderID + sequence }

  /// The folder directory of an entry name (`Inbox/Projects` for `Inbox/Projects/00000007.eml`).
  public static func directory(of name: String) -> String {
    name.lastIndex(of: "/").map { String(name[..<$0]) } ?? ""
  }
}
