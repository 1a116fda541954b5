/// The entry names Zimbra's own archive export (`fmt=zip|tgz|tar`, `ArchiveFormatter`) gives
/// messages (ZIMBRA-IMPORT §6), made safe: `<folder>/<10-digit id>-<subject>.eml`.
///
/// Zimbra's rules, followed: the folder part is the folder path without the leading `/`, with
/// `: * ? " < > |` and NUL replaced by `_` (`/` stays the separator); from the 500th message of
/// a folder on, the folder part is `Folder!1`, from the 1000th `Folder!2`, and so on. The file
/// part is the id zero-padded to 10 digits, `-`, the subject; an empty subject gives
/// `message-<id>` (no padding); longer than 121 UTF-16 units, it is cut to 120; then
/// `/ : * ? " < > |` and NUL become `_`, spaces are trimmed from both ends and trailing dots
/// removed.
///
/// Our additions, so that every name is a clean relative path inside the archive (no empty,
/// `.` or `..` component, no NUL): control characters (U+0000–U+001F, U+007F) become `_` in
/// both parts (Zimbra keeps a tab inside a subject and trims leading and trailing controls); a
/// folder component that is empty, `.` or `..`, or holds `/`, is replaced as
/// `FolderMapper.entryDirectory` does (`_`, `_`, `__`, `/` → `_`); the 120-unit cut never splits
/// a surrogate pair (Zimbra's may). Zimbra also replaces characters its charset cannot encode
/// by `#`; we write UTF-8, which encodes everything.
public struct ZimbraExportNames: Sendable {
  /// Messages per folder part before the next `!n` suffix.
  public static let batchSize = 500
  /// A file part longer than this (UTF-16 units) is cut to `cutLength`.
  public static let maxLength = 121
  /// The length a too-long file part is cut to (UTF-16 units).
  public static let cutLength = 120

  /// Messages named so far per folder (Zimbra counts per folder id; we per path).
  private var counts: [[String]: Int] = [:]

  /// A namer with no message counted yet.
  public init() {}

  /// The entry name of the next message in `folder` (its Zimbra path, `["Inbox", "Sub"]`;
  /// empty for the mailbox root), counting it towards that folder's `!n` batches.
  public mutating func next(
    folder: [String], id: Int, subject: String, extension ext: String = "eml"
  )
    -> String
  {
    let count = (counts[folder] ?? 0) + 1
    counts[folder] = count
    return ZimbraExportNames.name(
      folder: folder, position: count, id: id, subject: subject, extension: ext)
  }

  /// The entry name of the `position`-th message (from 1) of `folder`, without counting.
  public static func name(
    folder: [String], position: Int, id: Int, subject: String, extension ext: String = "eml"
  ) -> String {
    var directory = folderPart(folder)
    let batch = position / batchSize
    if batch > 0, !directory.isEmpty { directory += "!" + String(batch) }
    let file = fileName(id: id, subject: subject) + "." + ext
    return directory.isEmpty ? file : directory + "/" + file
  }

  /// The folder part of `folder`: components joined by `/`, each made safe, then
  /// `: * ? " < > |`, NUL and control characters replaced by `_`.
  public static func folderPart(_ folder: [String]) -> String {
    folder.map { component in
      var safe = String(
        String.UnicodeScalarView(
          component.unicodeScalars.map { $0 == "/" || isIllegal($0) ? "_" : $0 }))
      if safe.isEmpty || safe == "." { safe = "_" } else if safe == ".." { safe = "__" }
      return safe
    }.joined(separator: "/")
  }

  /// The file part without its extension: `0000000042-Subject`, or `message-42` for an empty
  /// subject; cut, cleaned, trimmed and without trailing dots as described above.
  public static func fileName(id: Int, subject: String) -> String {
    var name: String
    if subject.isEmpty {
      name = "message-" + String(id)
    } else {
      let digits = String(id)
      name = String(repeating: "0", count: max(0, 10 - digits.count)) + digits + "-" + subject
    }
    if name.utf16.count > maxLength { name = cut(name, toUTF16: cutLength) }
    var scalars = String.UnicodeScalarView(
      name.unicodeScalars.map { $0 == "/" || isIllegal($0) ? "_" : $0 })
    trimSpaces(&scalars)
    while scalars.last == "." {
      scalars.removeLast()
      trimSpaces(&scalars)
    }
    // Never empty (the id prefix or `message-` stays); checked all the same.
    return scalars.isEmpty ? "message-" + String(id) : String(scalars)
  }

  /// Whether `scalar` is replaced by `_` in both parts: `: * ? " < > |`, NUL, and (our rule)
  /// every other control character.
  private static func isIllegal(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case ":", "*", "?", "\"", "<", ">", "|": return true
    default: return scalar.value < 0x20 || scalar.value == 0x7F
    }
  }

  /// Removes spaces from both ends (Java's `trim` also removes controls, which are `_` by now).
  private static func trimSpaces(_ scalars: inout String.UnicodeScalarView) {
    while scalars.first == " " { scalars.removeFirst() }
    while scalars.last == " " { scalars.removeLast() }
  }

  /// The longest prefix of `text` of at most `limit` UTF-16 units that ends on a scalar.
  private static func cut(_ text: String, toUTF16 limit: Int) -> String {
    var units = 0
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      units += scalar.utf16.count
      if units > limit { break }
      result.append(scalar)
    }
    return String(result)
  }
}
