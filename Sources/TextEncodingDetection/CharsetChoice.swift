/// How a reader picks the charset of input that is not UTF-8 (`--encoding`).
public enum CharsetChoice: Sendable, Equatable {
  /// Ask the detector (`--encoding auto`, the default for contacts).
  case detect
  /// Read it as this charset (`--encoding NAME`).
  case given(Charset)

  /// `auto` (any case) or a charset name iconv knows; nil for anything else.
  public init?(name: String) {
    if name.trimmingBlanks().lowercased() == "auto" {
      self = .detect
    } else if let charset = Charset(name: name) {
      self = .given(charset)
    } else {
      return nil
    }
  }
}
