/// What a `CHARSET=` label of a vCard or vCalendar value names: one of the charsets readers decode
/// without iconv, or any other (the one table of spellings the contact and calendar readers share).
public enum CharsetLabel: Sendable, Equatable {
  /// `UTF-8`, `utf8`.
  case utf8
  /// `US-ASCII`, `ascii`.
  case ascii
  /// `ISO-8859-1`, `ISO8859-1`, `latin1`, `latin-1`, `l1`.
  case latin1
  /// `Windows-1252`, `cp1252`, `x-cp1252`, `cp-1252`.
  case windows1252
  /// Any other label, as given (iconv may know it: see `Charset(name:)`).
  case other(String)

  /// The label's charset; case does not matter and `_` is read as `-` (`ISO_8859-1`).
  public init(_ label: String) {
    switch label.lowercased().replacingUnderscores() {
    case "utf-8", "utf8": self = .utf8
    case "us-ascii", "ascii": self = .ascii
    case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1": self = .latin1
    case "windows-1252", "cp1252", "x-cp1252", "cp-1252": self = .windows1252
    default: self = .other(label)
    }
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String {
    guard utf8.contains(UInt8(ascii: "_")) else { return self }
    return String(map { $0 == "_" ? "-" : $0 })
  }
}
