/// The IMAP system flags a message can carry, independent of the store it came from.
public struct MessageFlags: OptionSet, Sendable, Hashable, Codable {
  /// The flag bits; only the six defined below are used.
  public let rawValue: UInt8
  /// Creates a flag set from raw bits.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The message has been read (IMAP `\Seen`).
  public static let seen = MessageFlags(rawValue: 1 << 0)
  /// The message has been replied to (IMAP `\Answered`).
  public static let answered = MessageFlags(rawValue: 1 << 1)
  /// The message is marked for attention (IMAP `\Flagged`).
  public static let flagged = MessageFlags(rawValue: 1 << 2)
  /// The message is an unfinished draft (IMAP `\Draft`).
  public static let draft = MessageFlags(rawValue: 1 << 3)
  /// The message is marked for deletion but not yet expunged (IMAP `\Deleted`).
  public static let deleted = MessageFlags(rawValue: 1 << 4)
  /// The message has been forwarded (`$Forwarded`, Maildir `P`).
  public static let forwarded = MessageFlags(rawValue: 1 << 5)

  /// Flags in a fixed order with their display names, for reports and verify output.
  public static let named: [(MessageFlags, String)] = [
    (.seen, "seen"), (.answered, "answered"), (.flagged, "flagged"),
    (.draft, "draft"), (.deleted, "deleted"), (.forwarded, "forwarded"),
  ]

  /// A readable list such as `seen,flagged`, empty when no flag is set.
  public var names: String {
    MessageFlags.named.filter { contains($0.0) }.map(\.1).joined(separator: ",")
  }
}
