import Formatters
import Foundation
import MailModel

/// What `zmigrate export` is asked for: one of Zimbra's REST formatter views of a mail source or
/// bundle, of contact files or of calendar files (docs/export.md).
public struct ExportRequest: Sendable, Equatable {
  /// The mail source or bundle; nil when only contacts or calendars are exported.
  public var source: String?
  /// The output shape.
  public var format: ExportFormat
  /// The folder (`Inbox`, `Archive/2023`): `in:` for the feeds, `under:` for the archives.
  public var folder: String?
  /// Zimbra query-language text.
  public var query: String?
  /// The range start, as Zimbra's `start=` (epoch ms, dates, relative `-7days`).
  public var start: String?
  /// The range end, as Zimbra's `end=`.
  public var end: String?
  /// How many items at most (default 50 for atom and rss, unlimited otherwise).
  public var limit: Int?
  /// The first item to give, 1-based as Zimbra counts it (`offset=10` starts at the 10th).
  public var offset: Int?
  /// The message id (its 1-based place in read order) for `native` and `sync`.
  public var id: Int?
  /// The MIME part (`1.2`) for `native`.
  public var part: String?
  /// Contact files (vCard or CSV) to export from.
  public var contacts: [String] = []
  /// Calendar files (iCalendar or vCalendar) to export from.
  public var calendars: [String] = []
  /// Where to write; nil for standard output.
  public var output: String?
  /// The free/busy organizer (`ORGANIZER:mailto:` in `ifb`).
  public var account: String?

  /// A request for `format` and nothing else.
  public init(format: ExportFormat) {
    self.format = format
  }
}

/// The REST spelling of a request: `SOURCE/inbox.rss?query=is:unread&start=-7days`, read with
/// the rules of Zimbra's `UserServlet` URLs.
public enum ExportURL {
  /// The parameters the offline formatters understand.
  static let parameters: Set<String> = [
    "fmt", "query", "start", "end", "limit", "offset", "id", "part",
  ]

  /// Whether `text` is written in the REST spelling rather than as a plain path: it has a query
  /// string, or it does not exist and ends in a format's extension.
  public static func isURL(_ text: String, exists: (String) -> Bool = Self.exists) -> Bool {
    if text.contains("?") { return true }
    guard !exists(text), let dot = text.lastIndex(of: ".") else { return false }
    return ExportFormat(rawValue: String(text[text.index(after: dot)...]).lowercased()) != nil
  }

  /// Parses `text`: the longest leading part that exists on disk is the source, what follows it
  /// is the folder, a trailing `.FMT` names the format, and the query string gives the rest.
  /// `%XX` escapes and `+` (a space, as the server reads it) are decoded in the parameters.
  public static func parse(_ text: String, exists: (String) -> Bool = Self.exists) throws
    -> ExportRequest
  {
    let (pathPart, queryPart) = split(text)
    var source: String?
    var rest = ""
    var prefix = pathPart
    while true {
      if !prefix.isEmpty, exists(prefix) {
        source = prefix
        rest = String(pathPart.dropFirst(prefix.count))
        break
      }
      guard let slash = prefix.lastIndex(of: "/") else { break }
      prefix = String(prefix[..<slash])
    }
    guard let source else {
      throw MigrationError("\(text): no leading part of this path exists", code: .notFound)
    }
    var folder = try decode(rest.trimmingCharacters(in: CharacterSet(charactersIn: "/")), in: text)
    var format: ExportFormat?
    if let dot = folder.lastIndex(of: "."),
      let named = ExportFormat(rawValue: String(folder[folder.index(after: dot)...]).lowercased())
    {
      format = named
      folder = String(folder[..<dot])
    }
    var values: [String: String] = [:]
    for pair in queryPart.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = try decode(String(parts[0]), in: text)
      let value = parts.count > 1 ? try decode(String(parts[1]), in: text) : ""
      guard parameters.contains(name) else {
        throw MigrationError(
          "\(text): parameter '\(name)' is not one the offline formatters take ("
            + parameters.sorted().joined(separator: ", ") + ")")
      }
      guard values[name] == nil else {
        throw MigrationError("\(text): parameter '\(name)' is given twice")
      }
      values[name] = value
    }
    if let fmt = values["fmt"] {
      guard let named = ExportFormat(rawValue: fmt.lowercased()) else {
        throw MigrationError(
          "\(text): fmt=\(fmt) is not one of "
            + ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))
      }
      if let format, format != named {
        throw MigrationError(
          "\(text): the path says .\(format.rawValue) and fmt= says \(named.rawValue)")
      }
      format = named
    }
    guard let format else {
      throw MigrationError(
        "\(text): no format: end the folder with .rss, .atom, .zip, ... or give fmt=")
    }
    var request = ExportRequest(format: format)
    request.source = source
    request.folder = folder.isEmpty ? nil : folder
    request.query = values["query"]
    request.start = values["start"]
    request.end = values["end"]
    request.part = values["part"]
    request.limit = try values["limit"].map { try number($0, "limit", in: text) }
    request.offset = try values["offset"].map { try number($0, "offset", in: text) }
    request.id = try values["id"].map { try number($0, "id", in: text) }
    return request
  }

  /// Whether a file or directory is there.
  public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  private static func split(_ text: String) -> (path: String, query: String) {
    guard let mark = text.firstIndex(of: "?") else { return (text, "") }
    return (String(text[..<mark]), String(text[text.index(after: mark)...]))
  }

  private static func number(_ value: String, _ name: String, in text: String) throws -> Int {
    guard let number = Int(value), number >= 0 else {
      throw MigrationError("\(text): \(name)=\(value) is not a whole number")
    }
    return number
  }

  /// `%XX` escapes and `+` as a space, as a servlet container decodes a query string.
  static func decode(_ text: String, in url: String) throws -> String {
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.popFirst() {
      switch byte {
      case UInt8(ascii: "+"): bytes.append(0x20)
      case UInt8(ascii: "%"):
        let hex = utf8.prefix(2)
        guard hex.count == 2, let value = UInt8(String(decoding: hex, as: UTF8.self), radix: 16)
        else {
          throw MigrationError("\(url): '%' is not followed by two hexadecimal digits")
        }
        bytes.append(value)
        utf8 = utf8.dropFirst(2)
      default: bytes.append(byte)
      }
    }
    guard let decoded = String(validating: bytes, as: UTF8.self) else {
      throw MigrationError("\(url): the %-escapes do not decode to UTF-8 text")
    }
    return decoded
  }
}
