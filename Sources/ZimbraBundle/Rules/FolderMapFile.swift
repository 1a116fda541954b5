import Foundation
import MailModel

/// A `--folder-map` file: one `source/path = Zimbra/path` line per folder (a tab may stand for
/// the `=`), blank lines and `#` comments allowed. Its map overrides the folder mapper's rules.
public enum FolderMapFile {
  /// The map in the file at `path`; throws naming the file (and the line) when it cannot be read
  /// or a line is not a mapping.
  public static func read(_ path: String) throws -> [String: String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw BundleError(
        "cannot read --folder-map file (missing, unreadable or not UTF-8)", path: path)
    }
    return try parse(text, file: path)
  }

  /// The map in `text`, the contents of `file`.
  public static func parse(_ text: String, file: String) throws -> [String: String] {
    var map: [String: String] = [:]
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = String(line).trimmingWhitespace()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let parts =
        trimmed.contains("\t")
        ? trimmed.split(separator: "\t", maxSplits: 1) : trimmed.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else {
        throw BundleError("expected 'source/path = Zimbra/path'", path: "\(file):\(number + 1)")
      }
      map[String(parts[0]).trimmingWhitespace()] = String(parts[1]).trimmingWhitespace()
    }
    return map
  }
}
