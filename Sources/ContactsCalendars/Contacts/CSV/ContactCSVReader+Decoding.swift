import Foundation
import MailModel
import TextEncodingDetection

extension ContactCSVReader {
  /// The text of a CSV file: UTF-16 (Outlook's and Windows Live Mail's "Unicode" exports) by its
  /// byte-order mark or zero bytes, UTF-8 (a BOM skipped), else detected (see the type's notes).
  static func decode(_ data: Data, file: String, diagnostics: inout [Diagnostic]) throws -> String {
    try decode(data, file: file, charset: .detect, diagnostics: &diagnostics).text
  }

  /// `decode`, with the charset choice for bytes that are not UTF-8; also returns how they were read
  /// (nil for UTF-8 and UTF-16).
  static func decode(
    _ data: Data, file: String, charset: CharsetChoice, diagnostics: inout [Diagnostic]
  ) throws -> (text: String, charset: String?) {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if let (encoding, bomLength, guessed) = utf16Encoding(bytes) {
      guard let text = String(data: Data(bytes.dropFirst(bomLength)), encoding: encoding) else {
        throw ContactsCalendarsError(
          "CSV looks like UTF-16 but does not decode as it", at: SourceLocation(file: file, line: 1)
        )
      }
      if guessed {
        diagnostics.append(
          Diagnostic(
            .warning, code: "charset-guess",
            "CSV has no byte-order mark but its zero bytes say UTF-16; read as \(encoding == .utf16LittleEndian ? "UTF-16LE" : "UTF-16BE")",
            at: SourceLocation(file: file)))
      }
      return (text, nil)
    }
    if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
    let location = SourceLocation(file: file)
    if case .given(let given) = charset {
      switch given.decode(bytes) {
      case .success(let text): return (text, "\(given.name) (--encoding)")
      case .failure(let error):
        throw ContactsCalendarsError(
          "CSV is not valid \(given.name) (--encoding): \(error)",
          at: SourceLocation(file: file, line: error.line(in: bytes)))
      }
    }
    let guess = CharsetGuess.guess(bytes)
    switch guess.verdict {
    case .undecided:
      throw UnclearCharsetError(
        "CSV", guess: guess,
        at: SourceLocation(file: file, line: TextLines.firstNonASCIILine(in: bytes)))
    case .detected where guess.charset != .windows1250:
      diagnostics.append(
        Diagnostic(
          .warning, code: "charset-guess",
          "CSV is not valid UTF-8; read as \(guess); if names look wrong, give --encoding NAME",
          at: location))
      return (guess.text ?? "", guess.description)
    case .detected, .western:
      // Western exporters write Windows-1252, Central European ones (Polish Outlook) Windows-1250:
      // the one whose header has more known column names wins; on a tie, the detector's.
      let western = guess.verdict == .western ? guess.text ?? "" : SingleByteText.decode(bytes)
      var central: String? = guess.verdict == .detected ? guess.text : nil
      if central == nil, case .success(let text) = Charset.windows1250.decode(bytes) {
        central = text
      }
      var text = western
      var name = "Windows-1252"
      if let central,
        guess.verdict == .detected
          ? knownHeaderNames(central) >= knownHeaderNames(western)
          : knownHeaderNames(central) > knownHeaderNames(western)
      {
        text = central
        name = "Windows-1250"
      }
      diagnostics.append(
        Diagnostic(
          .warning, code: "charset-fallback",
          "CSV is not valid UTF-8; decoded as \(name)", at: location))
      let confidence = CharsetGuess.confidence(of: text).confidence
      return (
        text,
        CharsetGuess.describe(
          name.uppercased(), answer: guess.detectorAnswer, confidence: confidence)
      )
    }
  }

  /// How many cells of the first line are column names some exporter writes.
  static func knownHeaderNames(_ text: String) -> Int {
    let firstLine = text.prefix { !$0.isNewline }
    guard let header = ContactCSVSyntax.records(String(firstLine)).first else { return 0 }
    return header.cells.filter { ContactCSVMaps.allColumnNames.contains($0.contactsTrimmed()) }
      .count
  }

  /// UTF-16 by its byte-order mark, or (guessed) by zero bytes in every other place of the first
  /// characters; the encoding, the mark's length, and whether it was a guess.
  static func utf16Encoding(_ bytes: [UInt8]) -> (String.Encoding, Int, Bool)? {
    if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2, false) }
    if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2, false) }
    let head = Array(bytes.prefix(64))
    guard head.count >= 8, head.count % 2 == 0 else { return nil }
    let even = stride(from: 0, to: head.count, by: 2).map { head[$0] }
    let odd = stride(from: 1, to: head.count, by: 2).map { head[$0] }
    if odd.allSatisfy({ $0 == 0 }), !even.contains(0) { return (.utf16LittleEndian, 0, true) }
    if even.allSatisfy({ $0 == 0 }), !odd.contains(0) { return (.utf16BigEndian, 0, true) }
    return nil
  }
}
