import MailModel

/// What `AccountReader` found in one export, before any checking.
///
/// `accounts` are as written (a bare name stays bare, case is kept); `AccountChecker` completes,
/// normalises and validates them. Every record the reader could not turn into an account has one
/// `.error` diagnostic here; nothing in `diagnostics` quotes a password.
public struct AccountReadResult: Sendable {
  /// The input's name (its path, or the name given to `read(bytes:name:)`).
  public var path: String
  /// One account per data record that had an account name, in file order.
  public var accounts: [Account]
  /// Problems and notes, in file order: `.error` = a record that was not read (one each),
  /// `.warning` = something ignored or repaired, `.ignored` = a header or switch line passed over.
  public var diagnostics: [Diagnostic]
  /// Data records seen (blank lines, comments, headers and switch lines not counted).
  public var recordsRead: Int
  /// Data records the reader could not use (each has an `.error` diagnostic).
  public var recordsRejected: Int
  /// The preset used, given or recognised from the header.
  public var preset: AccountPreset?
  /// The separator used (given, the preset's or detected); nil for fixed-width input.
  public var delimiter: FieldDelimiter?
  /// The column names as interpreted.
  public var columns: [String]
  /// Whether a header line was read.
  public var hasHeader: Bool
  /// The encoding the input was decoded with (`.utf8` when `--encoding auto` or an iconv charset
  /// converted it to UTF-8 first).
  public var encoding: TextEncoding
  /// A domain the file itself names (iMail's `-h host` switch), for bare names when `--domain`
  /// is not given.
  public var domain: String?

  /// How `--encoding auto` or an iconv charset read the file: `UTF-8`, `CP932 (detector: SHIFT_JIS,
  /// confidence 1.00)`, `CP1251 (--encoding)`; nil when `encoding` was used as given.
  public var charset: String? = nil

  /// Whether some record could not be read.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
