import Foundation

/// Locates files under the package's `Fixtures/` folder from the test sources.
public enum Fixture {
  /// The package root, found from this file's path.
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Fixtures/<relative>`.
  public static func url(_ relative: String) -> URL {
    packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative)
  }

  /// `Fixtures/<relative>` as a path string.
  public static func path(_ relative: String) -> String { url(relative).path }
}

/// The shared corpora beside the checkout (`../shared/corpora`), absent on some machines.
public enum Corpus {
  /// `../shared/corpora` relative to the package root.
  public static let root: URL = Fixture.packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/corpora")

  /// Whether the shared corpora are there.
  public static var isPresent: Bool {
    FileManager.default.fileExists(atPath: root.appendingPathComponent("notmuch").path)
  }

  /// `../shared/corpora/<relative>`.
  public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}

/// A fresh temporary directory for one test, removed by `cleanup()`.
public struct TemporaryDirectory {
  /// The directory's file URL: a `zmigrate-test-<UUID>` folder in the system temporary directory.
  public let url: URL

  /// Creates a new, empty directory; throws when it cannot be created.
  public init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("zmigrate-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// The directory's path as a string.
  public var path: String { url.path }

  /// Removes the directory and everything in it; errors are ignored.
  public func cleanup() { try? FileManager.default.removeItem(at: url) }
}
