import MailModel

/// `--include` and `--exclude`, as in imapsync: regular expressions over source folder names
/// (levels joined with `/`, e.g. `Archive/2023`) that decide which folders are read. A folder is
/// read when it matches an `--include` (or none is given) and matches no `--exclude`.
public struct FolderFilter: Sendable, Equatable {
  /// Patterns a folder must match one of; empty admits every folder.
  public var include: [String] = []
  /// Patterns that leave a folder out.
  public var exclude: [String] = []

  /// Admits every folder.
  public init() {}

  /// Whether the filter leaves anything out.
  public var isActive: Bool { !include.isEmpty || !exclude.isEmpty }

  /// The patterns that do not compile, each with the reason, for a usage error.
  public func invalidPatterns() -> [String] {
    (include + exclude).compactMap { pattern in
      do {
        _ = try Regex(pattern)
        return nil
      } catch {
        return "'\(pattern)': \(error)"
      }
    }
  }

  /// Whether `folder` is read.
  func admits(_ folder: FolderPath) -> Bool {
    let name = folder.description
    func matches(_ pattern: String) -> Bool {
      (try? Regex(pattern)).map { name.firstMatch(of: $0) != nil } ?? false
    }
    return (include.isEmpty || include.contains(where: matches))
      && !exclude.contains(where: matches)
  }
}
