import MailModel

/// Input that is not UTF-8 and whose charset the detector could not tell with enough confidence:
/// the file is refused rather than read as mojibake, and the message asks for `--encoding`.
public struct UnclearCharsetError: LocatedError, Sendable {
  /// Always `unclearCharset`.
  public var code: ErrorCode { .unclearCharset }
  /// What went wrong and what to do.
  public var message: String
  /// The file, and the line of the first unclear text where known.
  public var location: SourceLocation?
  /// The weak guess.
  public var guess: CharsetGuess
  /// Always nil: the detector's weak answer is the reason, and `guess` holds it.
  public var cause: (any Error)? { nil }

  /// The error for `what` (`CSV`, `vCard values without CHARSET`, `the file`) and its weak guess.
  public init(_ what: String, guess: CharsetGuess, at location: SourceLocation) {
    let answer = guess.detectorAnswer ?? "nothing"
    let example = guess.charset.map { " (perhaps --encoding \($0.name.lowercased()))" } ?? ""
    let why =
      guess.text == nil
      ? "the bytes are not valid in that charset"
      : "confidence \(CharsetGuess.format(guess.confidence)) from \(guess.evidence) non-ASCII "
        + "characters, \(CharsetGuess.format(CharsetGuess.strongConfidence)) needed"
    message =
      "\(what) is not UTF-8 and its charset is unclear: the detector says \(answer) (\(why)); "
      + "nothing was read from this file: give --encoding NAME\(example) "
      + "(convert: --contacts-encoding NAME)"
    self.location = location
    self.guess = guess
  }
}

extension ErrorCode {
  /// The input is not UTF-8 and its charset could not be told with enough confidence.
  public static let unclearCharset = ErrorCode("unclearCharset")
}
