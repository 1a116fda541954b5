import MailModel

/// The columns of a fixed-width export (`--layout FILE`).
///
/// A layout file has one column per line, `NAME START WIDTH [trim|keep]`: the field name (as in a
/// header: `email`, `userid`, `password`, `fullname`, `quota`, … or any name for `--map`), the
/// 1-based column where it starts and its width, both counted in characters of the decoded line,
/// and whether blanks around the value are trimmed (the default) or kept. `#` starts a comment.
/// Two directives: `skip N` passes over the first N lines (a title and a ruler), `allow-short`
/// accepts lines that end before the layout does (exporters that strip trailing blanks); without
/// it such a line is an error. See `docs/accounts-input.md` for a worked example.
public struct FixedWidthLayout: Sendable, Equatable {
  /// One column of the layout.
  public struct Column: Sendable, Equatable {
    /// The field or column name.
    public var name: String
    /// The first character, 1-based.
    public var start: Int
    /// The number of characters.
    public var width: Int
    /// Whether blanks around the value are removed.
    public var trim: Bool

    /// A column of `width` characters from `start` (1-based).
    public init(name: String, start: Int, width: Int, trim: Bool = true) {
      self.name = name
      self.start = start
      self.width = width
      self.trim = trim
    }

    /// The character just after the column, 1-based.
    public var end: Int { start + width }
  }

  /// The columns, ordered by start.
  public var columns: [Column]
  /// Lines at the top of the file that are not records.
  public var skipLines: Int
  /// Whether a line may end before the last column does.
  public var allowShortLines: Bool

  /// A layout from its parts; columns are ordered by start.
  public init(columns: [Column], skipLines: Int = 0, allowShortLines: Bool = false) {
    self.columns = columns.sorted { $0.start < $1.start }
    self.skipLines = skipLines
    self.allowShortLines = allowShortLines
  }

  /// The number of characters a full line has.
  public var width: Int { columns.map { $0.end - 1 }.max() ?? 0 }

  /// Reads a layout file.
  public init(contentsOfFile path: String) throws {
    let bytes = try ChunkedInput.readAll(path: path)
    guard let text = TextDecoding.decode(bytes[...], as: .utf8) else {
      throw AccountsError("the layout file is not UTF-8", at: SourceLocation(file: path))
    }
    try self.init(parsing: text, file: path)
  }

  /// Parses the text of a layout file; errors name `file` and the line.
  public init(parsing text: String, file: String = "layout") throws {
    var columns: [Column] = []
    var skip = 0
    var allowShort = false
    var seen: [String: Int] = [:]
    var lineNumber = 0
    let lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    )
    for rawLine in lines {
      lineNumber += 1
      let location = SourceLocation(file: file, line: lineNumber)
      let content =
        rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      if words.isEmpty { continue }
      let keyword = words[0].lowercased()
      if keyword == "skip" {
        guard words.count == 2, let n = Int(words[1]), n >= 0 else {
          throw AccountsError("`skip` takes one number of lines", at: location)
        }
        skip = n
        continue
      }
      if keyword == "allow-short" || keyword == "allowshort" || keyword == "ragged" {
        guard words.count == 1 else {
          throw AccountsError("`\(words[0])` takes no value", at: location)
        }
        allowShort = true
        continue
      }
      guard words.count == 3 || words.count == 4 else {
        throw AccountsError(
          "expected `NAME START WIDTH [trim|keep]` (or `skip N`, `allow-short`), found \(words.count) words",
          at: location)
      }
      guard let start = Int(words[1]), start >= 1 else {
        throw AccountsError("the start of \(words[0]) must be a column number from 1", at: location)
      }
      guard let width = Int(words[2]), width >= 1 else {
        throw AccountsError("the width of \(words[0]) must be a number from 1", at: location)
      }
      var trim = true
      if words.count == 4 {
        switch words[3].lowercased() {
        case "trim": trim = true
        case "keep": trim = false
        default:
          throw AccountsError(
            "the last word must be `trim` or `keep`, not `\(words[3])`", at: location)
        }
      }
      let key = AccountField.normalize(words[0])
      if let earlier = seen[key] {
        throw AccountsError("\(words[0]) is already defined on line \(earlier)", at: location)
      }
      seen[key] = lineNumber
      columns.append(Column(name: words[0], start: start, width: width, trim: trim))
    }
    guard !columns.isEmpty else {
      throw AccountsError("the layout defines no columns", at: SourceLocation(file: file))
    }
    let sorted = columns.sorted { $0.start < $1.start }
    for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
      throw AccountsError(
        "\(a.name) (\(a.start)–\(a.end - 1)) and \(b.name) (\(b.start)–\(b.end - 1)) overlap",
        at: SourceLocation(file: file, line: seen[AccountField.normalize(b.name)]))
    }
    self.init(columns: sorted, skipLines: skip, allowShortLines: allowShort)
  }
}
