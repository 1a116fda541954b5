/// A folder as the source names it: decoded (Unicode) components from the top of the store.
///
/// `["INBOX"]` is the inbox; `["Archive", "2023"]` is `2023` under `Archive`. No mapping to
/// Zimbra's names happens here: that is the bundle side's job.
///
/// Two paths are equal only when their names have the same Unicode scalars: `Café` written
/// precomposed (NFC) and decomposed (NFD) are two folders of the source, not one (Swift's
/// `String` equality would merge them), and `FolderMapper` tells them apart in Zimbra.
public struct FolderPath: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// The decoded folder names from the top of the store down; empty for the store root.
  public var components: [String]

  /// Creates a path from decoded folder names, top level first.
  public init(_ components: [String]) { self.components = components }

  /// The inbox of the store.
  public static let inbox = FolderPath(["INBOX"])

  /// Whether this is the top-level inbox (one component, `INBOX` in any letter case).
  public var isInbox: Bool { components.count == 1 && components[0].uppercased() == "INBOX" }

  /// The path joined with `/`, for messages and reports.
  public var description: String { components.joined(separator: "/") }

  /// This folder with one more level below it.
  public func appending(_ name: String) -> FolderPath { FolderPath(components + [name]) }

  /// Orders paths component by component, so a parent sorts before its subfolders.
  public static func < (lhs: FolderPath, rhs: FolderPath) -> Bool {
    lhs.components.lexicographicallyPrecedes(rhs.components)
  }

  /// Equal when every name has the same Unicode scalars (no canonical equivalence).
  public static func == (lhs: FolderPath, rhs: FolderPath) -> Bool {
    lhs.components.count == rhs.components.count
      && zip(lhs.components, rhs.components).allSatisfy {
        $0.unicodeScalars.elementsEqual($1.unicodeScalars)
      }
  }

  /// Hashes the names' UTF-8 bytes, as `==` compares them.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(components.count)
    for component in components {
      hasher.combine(component.utf8.count)
      for byte in component.utf8 { hasher.combine(byte) }
    }
  }
}
