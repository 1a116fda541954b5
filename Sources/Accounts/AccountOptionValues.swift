import MailModel
import TextEncodingDetection

/// The `accounts` command's option values read from their text: the rules live here, the
/// command line only passes the strings on.
public enum AccountOptionValues {
  /// The pairs of a repeatable `NAME=VALUE` option (`--map`, `--rename-domain`, `--cos-id`);
  /// throws naming `option` and the value when one is not a pair.
  public static func pairs(_ values: [String], option: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for value in values {
      let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw AccountsError("\(option) takes NAME=VALUE, got '\(value)'")
      }
      result[parts[0]] = parts[1]
    }
    return result
  }

  /// What `--encoding NAME` asks for: one of the built-in text encodings (`utf-8`, `latin1`,
  /// `cp1252`), or `auto` or any iconv charset; throws for a name that is neither.
  public static func encoding(_ name: String) throws -> (
    encoding: TextEncoding?, charset: CharsetChoice?
  ) {
    if let encoding = TextEncoding(name: name) { return (encoding, nil) }
    if let charset = CharsetChoice(name: name) { return (nil, charset) }
    throw AccountsError(
      "unknown --encoding '\(name)': use utf-8, latin1, cp1252, auto, or a charset iconv knows (iconv -l lists them)"
    )
  }

  /// The column names of `--columns a,b,c`, trimmed.
  public static func columns(_ list: String) -> [String] {
    list.split(separator: ",").map { String($0).trimmingWhitespace() }
  }
}
