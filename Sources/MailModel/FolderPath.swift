/// A folder as the source names it: decoded (Unicode) components from the top of the store.
///
/// `["INBOX"]` is the inbox; `["Archive", "2023"]` is `2023` under `Archive`. No mapping to
/// Zimbra's names happens here: that is the bundle side's job.
public struct FolderPath: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  public var components: [String]

  public init(_ components: [String]) { self.components = components }

  /// The inbox of the store.
  public static let inbox = FolderPath(["INBOX"])

  public var isInbox: Bool { components.count == 1 && components[0].uppercased() == "INBOX" }

  /// The path joined with `/`, for messages and reports.
  public var description: String { components.joined(separator: "/") }

  /// This folder with one more level below it.
  public func appending(_ name: String) -> FolderPath { FolderPath(components + [name]) }

  public static func < (lhs: FolderPath, rhs: FolderPath) -> Bool {
    lhs.components.lexicographicallyPrecedes(rhs.components)
  }
}
