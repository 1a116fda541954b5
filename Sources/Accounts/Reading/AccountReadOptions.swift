import MailModel
import TextEncodingDetection

/// The field separator of a delimited export (`--delimiter`).
public enum FieldDelimiter: String, Sendable, CaseIterable {
  case tab, comma, semicolon, pipe

  /// The separator byte.
  public var byte: UInt8 {
    switch self {
    case .tab: return 0x09
    case .comma: return 0x2C
    case .semicolon: return 0x3B
    case .pipe: return 0x7C
    }
  }

  /// The separator as a character, for messages.
  public var character: Character {
    Character(Unicode.Scalar(byte))
  }

  /// The delimiter of a byte, if it is one of the four.
  public init?(byte: UInt8) {
    guard let found = Self.allCases.first(where: { $0.byte == byte }) else { return nil }
    self = found
  }

  /// Parses `--delimiter`: the character itself (`,` `;` `|`, a tab, or `\t`) or its name
  /// (`tab`, `comma`, `semicolon`, `pipe`).
  public init?(name: String) {
    switch name.lowercased() {
    case "\t", "\\t", "tab", "tsv": self = .tab
    case ",", "comma", "csv": self = .comma
    case ";", "semicolon": self = .semicolon
    case "|", "pipe", "bar": self = .pipe
    default: return nil
    }
  }
}

/// How `AccountReader` reads an export: the shape of the file and how to decode it.
public struct AccountReadOptions: Sendable {
  /// A known shape (`--preset`); nil to read a header or use `columns`/`layoutPath`.
  public var preset: AccountPreset?
  /// A fixed-width layout file (`--layout`); when set the input is read as fixed-width.
  public var layoutPath: String?
  /// The separator (`--delimiter`); nil to take the preset's or detect it from the first line.
  public var delimiter: FieldDelimiter?
  /// The column names in order (`--columns email,password,displayName`); the file then has no
  /// header (a first line repeating these names is skipped).
  public var columns: [String]?
  /// How the bytes are decoded (`--encoding`).
  public var encoding: TextEncoding
  /// `--encoding auto` (`.detect`) or a charset other than the three `TextEncoding`s
  /// (`.given(CP1251)`): the whole file is converted to UTF-8 before it is read (UTF-8 input as it
  /// is). nil reads with `encoding`.
  public var charset: CharsetChoice?
  /// `--map column=zimbraAttr`: a named column becomes an `AccountAttribute` (or, when the
  /// target is a field name such as `password` or `displayName`, fills that field).
  public var map: [String: String]
  /// The unit of quotas written as plain numbers, in bytes; nil for the preset's (KB for
  /// MailEnable and EIMS) or bytes. (Room for a `--quota-unit` flag; the CLI has none yet.)
  public var plainQuotaUnit: Int64?
  /// How many bytes are read at a time (tests use tiny chunks to cross every boundary).
  public var chunkSize: Int

  /// Options with the defaults: UTF-8, header or preset detection, 1 MiB reads.
  public init(
    preset: AccountPreset? = nil, layoutPath: String? = nil, delimiter: FieldDelimiter? = nil,
    columns: [String]? = nil, encoding: TextEncoding = .utf8, map: [String: String] = [:],
    plainQuotaUnit: Int64? = nil, chunkSize: Int = 1 << 20, charset: CharsetChoice? = nil
  ) {
    self.charset = charset
    self.preset = preset
    self.layoutPath = layoutPath
    self.delimiter = delimiter
    self.columns = columns
    self.encoding = encoding
    self.map = map
    self.plainQuotaUnit = plainQuotaUnit
    self.chunkSize = chunkSize
  }
}
