/// The IMAP system flags a message can carry, independent of the store it came from.
public struct MessageFlags: OptionSet, Sendable, Hashable, Codable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let seen = MessageFlags(rawValue: 1 << 0)
  public static let answered = MessageFlags(rawValue: 1 << 1)
  public static let flagged = MessageFlags(rawValue: 1 << 2)
  public static let draft = MessageFlags(rawValue: 1 << 3)
  public static let deleted = MessageFlags(rawValue: 1 << 4)
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
