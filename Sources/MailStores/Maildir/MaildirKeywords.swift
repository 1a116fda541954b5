import MailModel

/// A folder's `dovecot-keywords` table: file-name letter `a` + n ↔ keyword name
/// (SOURCE-FORMATS.md §3, `dovecot-keywords`).
///
/// Lines are `<index> <name>`. As in Dovecot, lines without a space, indexes that are not
/// numbers or are 26 or more, empty names and repeated names are skipped.
struct MaildirKeywords {
  /// The keyword for each letter `a`...`z`, nil where the file has no entry.
  private(set) var names: [String?] = Array(repeating: nil, count: 26)

  /// An empty table (no `dovecot-keywords` file).
  init() {}

  /// Parses the contents of a `dovecot-keywords` file.
  init(parsing bytes: [UInt8]) {
    var used: Set<String> = []
    for var line in bytes.split(separator: UInt8(ascii: "\n")) {
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
      let digits = line[line.startIndex..<space]
      guard !digits.isEmpty, digits.count <= 3,
        digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
      else { continue }
      let index = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
      let nameBytes = line[line.index(after: space)...]
      guard index < 26, !nameBytes.isEmpty, names[index] == nil else { continue }
      let name = String(decoding: nameBytes, as: UTF8.self)
      guard !used.contains(name) else { continue }
      used.insert(name)
      names[index] = name
    }
  }

  /// Loads `<folder>/dovecot-keywords`; a missing file is an empty table, an unreadable one
  /// is an empty table and a warning.
  static func load(folder: RawPath, diagnostics: DiagnosticHandler) -> MaildirKeywords {
    let path = folder.appending("dovecot-keywords")
    switch RawFileSystem.readWholeFile(path) {
    case .bytes(let bytes, _):
      return MaildirKeywords(parsing: bytes)
    case .empty, .notRegular:
      return MaildirKeywords()
    case .failed(let error):
      if !error.isMissing {
        diagnostics(
          Diagnostic(
            .warning, code: "unreadable-keywords",
            "cannot read dovecot-keywords (\(error.text)); keyword letters in this folder are dropped",
            at: SourceLocation(file: path.display)))
      }
      return MaildirKeywords()
    }
  }

  /// The keyword name for a letter `a`–`z`, nil when the table has no entry for it.
  func name(for letter: UInt8) -> String? {
    guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") else { return nil }
    return names[Int(letter - UInt8(ascii: "a"))]
  }
}
