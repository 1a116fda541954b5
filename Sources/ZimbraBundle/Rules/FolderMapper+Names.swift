import MailModel

/// The small rules `FolderMapper` applies to names: splitting, keys, suffixes, refused characters.
extension FolderMapper {

  func explicitMatch(_ comps: [String]) -> (Int, [String])? {
    guard !exactMap.isEmpty else { return nil }
    for length in stride(from: comps.count, through: 1, by: -1) {
      let prefix = Array(comps.prefix(length))
      if let target = exactMap[prefix] { return (length, target) }
      if let target = foldedMap[prefix.map { $0.lowercased() }] { return (length, target) }
    }
    return nil
  }

  func stripPrefix(_ comps: [String]) -> [String] {
    let n = prefixPieces.count
    if comps.count > n,
      zip(comps.prefix(n), prefixPieces).allSatisfy({ $0.0.lowercased() == $0.1.lowercased() })
    {
      return Array(comps.dropFirst(n))
    }
    // A prefix that is not on a level boundary of the (unsplit) first name: `INBOX.` on `INBOX.Sent`.
    if let prefix = options.prefix, !prefix.isEmpty, let first = comps.first,
      first.count > prefix.count, first.lowercased().hasPrefix(prefix.lowercased())
    {
      return [String(first.dropFirst(prefix.count))] + comps.dropFirst()
    }
    return comps
  }

  /// `name` split at `separator` (empty pieces kept: they become `_`).
  static func split(_ name: String, by separator: Character?) -> [String] {
    guard let separator, name.contains(separator) else { return [name] }
    return name.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
  }

  /// A path typed by the user (`A/B`, `/A/B/`): split at `/`, empty pieces dropped.
  static func splitUserPath(_ text: String) -> [String] {
    text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  /// The case-folded form Zimbra effectively compares folder paths in.
  static func key(_ path: [String]) -> String {
    path.map { $0.lowercased() }.joined(separator: "/")
  }

  /// `name (n)`, with `name` shortened so that the result stays within the length limit.
  static func suffixed(_ name: String, _ n: Int) -> String {
    let suffix = " (\(n))"
    var base = name
    if base.utf16.count + suffix.utf16.count > maxNameLength {
      base = trimTrailingSpaces(cut(base, toUTF16: maxNameLength - suffix.utf16.count))
    }
    return base + suffix
  }

  static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F, 0xFFFE, 0xFFFF: return true
    case 0x3A, 0x2F, 0x22: return true  // : / "
    default: return false
    }
  }

  static func describe(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\t": return "TAB"
    case "\r": return "CR"
    case "\n": return "LF"
    case ":", "/", "\"": return "'\(scalar)'"
    default:
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
  }

  static func trimTrailingSpaces(_ text: String) -> String {
    var result = Substring(text)
    while result.last == " " { result = result.dropLast() }
    return String(result)
  }

  /// The longest prefix of `text`, whole characters only, of at most `limit` UTF-16 units.
  static func cut(_ text: String, toUTF16 limit: Int) -> String {
    var count = 0
    var end = text.startIndex
    for index in text.indices {
      let width = text[index].utf16.count
      if count + width > limit { break }
      count += width
      end = text.index(after: index)
    }
    return String(text[..<end])
  }
}

extension FolderMapper {
  /// The top-level folders every Zimbra mailbox has from the start (lower-cased): mail
  /// (`Inbox`, `Sent`, `Drafts`, `Junk`, `Trash`) and the non-mail ones
  /// (`reservedTopLevelNames`). They never need creating.
  public static let builtInTopLevelNames: Set<String> = Set(
    ["inbox", "sent", "drafts", "junk", "trash"] + reservedTopLevelNames.map { $0.lowercased() })

  /// Whether the Zimbra folder `zimbraPath` exists in every mailbox (Zimbra matches folder
  /// names without regard to case), so that nothing has to create it.
  public static func existsInEveryMailbox(_ zimbraPath: [String]) -> Bool {
    zimbraPath.isEmpty
      || (zimbraPath.count == 1 && builtInTopLevelNames.contains(zimbraPath[0].lowercased()))
  }
}
