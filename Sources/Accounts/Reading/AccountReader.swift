import MailModel
import TextEncodingDetection
import TextFormats

/// Reads a user export (delimited, fixed-width or a preset shape) into accounts.
///
/// The input is streamed in chunks through a byte-level scanner; field values are decoded one by
/// one, so a file is never held as one string. File-level failures throw `AccountsError` (cannot
/// open, not UTF-8 where UTF-8 was assumed, no account column); record-level ones become `.error`
/// diagnostics in the result and the record is left out. Check the result with `AccountChecker`.
public struct AccountReader: Sendable {
  /// How the input is read.
  public var options: AccountReadOptions

  /// A reader with these options.
  public init(options: AccountReadOptions) {
    self.options = options
  }

  /// Reads the export at `path`.
  public func read(path: String) throws -> AccountReadResult {
    if let charset = options.charset {
      return try read(converting: try ChunkedInput.readAll(path: path), name: path, charset)
    }
    let input = try ChunkedInput(path: path, chunkSize: options.chunkSize)
    return try read(input)
  }

  /// Reads an export held in memory (standard input, tests); `name` is used in messages.
  public func read(bytes: [UInt8], name: String) throws -> AccountReadResult {
    if let charset = options.charset { return try read(converting: bytes, name: name, charset) }
    return try read(ChunkedInput(bytes: bytes, name: name, chunkSize: options.chunkSize))
  }

  /// `--encoding auto` or an iconv charset: the whole file is converted to UTF-8 (or, for Western
  /// European text the detector cannot tell apart, read as Windows-1252), then read as usual.
  /// UTF-8 input, and input with a byte-order mark, is read as it is.
  private func read(converting bytes: [UInt8], name: String, _ charset: CharsetChoice) throws
    -> AccountReadResult
  {
    var plain = self
    plain.options.charset = nil
    plain.options.encoding = .utf8
    let marks: [[UInt8]] = [TextDecoding.utf8BOM, [0xFF, 0xFE], [0xFE, 0xFF]]
    if marks.contains(where: { bytes.starts(with: $0) })
      || String(validating: bytes, as: UTF8.self) != nil
    {
      var result = try plain.read(bytes: bytes, name: name)
      result.charset = "UTF-8"
      return result
    }
    let location = SourceLocation(file: name)
    var note: Diagnostic?
    let utf8: [UInt8]
    let description: String
    switch charset {
    case .given(let given):
      switch given.utf8(bytes) {
      case .success(let converted): utf8 = converted
      case .failure(let error):
        let line = error.line(in: bytes)
        throw AccountsError(
          "line \(line) is not valid \(given.name) (--encoding): \(error)",
          at: SourceLocation(file: name, line: line))
      }
      description = "\(given.name) (--encoding)"
    case .detect:
      let guess = CharsetGuess.guess(bytes)
      switch guess.verdict {
      case .undecided:
        throw UnclearCharsetError(
          "the file", guess: guess,
          at: SourceLocation(file: name, line: TextLines.firstNonASCIILine(in: bytes)))
      case .western:
        plain.options.encoding = .cp1252
        utf8 = bytes
      case .detected:
        utf8 = Array((guess.text ?? "").utf8)
      }
      description = guess.description
      note = Diagnostic(
        .warning, code: "charset-guess",
        "the file is not UTF-8; read as \(description); if names look wrong, give --encoding NAME",
        at: location)
    }
    var result = try plain.read(bytes: utf8, name: name)
    if let note { result.diagnostics.insert(note, at: 0) }
    result.charset = description
    return result
  }

  private func read(_ input: ChunkedInput) throws -> AccountReadResult {
    var diagnostics: [Diagnostic] = []
    var prefix = InputPrefix()
    try prefix.start(from: input, encoding: options.encoding, diagnostics: &diagnostics)
    if let layoutPath = options.layoutPath {
      return try readFixedWidth(
        input, prefix: prefix, layoutPath: layoutPath, diagnostics: diagnostics)
    }
    return try readDelimited(input, prefix: &prefix, diagnostics: diagnostics)
  }

  private func readDelimited(
    _ input: ChunkedInput, prefix: inout InputPrefix, diagnostics early: [Diagnostic]
  ) throws -> AccountReadResult {
    var delimiter = options.delimiter?.byte ?? options.preset?.spec.delimiter
    if delimiter == nil {
      let comment = options.preset?.spec.comment
      while true {
        let body = Array(prefix.bytes[prefix.skip...])
        if let found = DelimitedScanner.sniffDelimiter(body, atEnd: prefix.atEnd, comment: comment)
        {
          delimiter = found
          break
        }
        try prefix.readMore(from: input)
      }
    }
    let separator = delimiter ?? 0x2C
    var reader = try DelimitedReader(path: input.name, options: options, delimiter: separator)
    var scanner = DelimitedScanner(
      options: DelimitedReader.scannerOptions(options, delimiter: separator))
    try prefix.pump(from: input) { chunk in
      try scanner.feed(chunk) { try reader.consume($0) }
    }
    try scanner.finish { try reader.consume($0) }
    return AccountReadResult(
      path: input.name, accounts: reader.accounts,
      diagnostics: early + reader.diagnostics + Self.emptyNote(reader.recordsRead, input.name),
      recordsRead: reader.recordsRead, recordsRejected: reader.recordsRejected,
      preset: reader.preset,
      delimiter: FieldDelimiter(byte: separator), columns: reader.columns,
      hasHeader: reader.hasHeader,
      encoding: options.encoding, domain: reader.domain)
  }

  /// A warning when the input held no records at all.
  private static func emptyNote(_ records: Int, _ path: String) -> [Diagnostic] {
    guard records == 0 else { return [] }
    return [
      Diagnostic(
        .warning, code: "no-records", "no account records found", at: SourceLocation(file: path))
    ]
  }

  private func readFixedWidth(
    _ input: ChunkedInput, prefix: InputPrefix, layoutPath: String, diagnostics early: [Diagnostic]
  ) throws -> AccountReadResult {
    let layout = try FixedWidthLayout(contentsOfFile: layoutPath)
    var reader = try FixedWidthReader(
      path: input.name, layout: layout, options: options, layoutPath: layoutPath)
    var scanner = DelimitedScanner(options: FixedWidthReader.scannerOptions)
    try prefix.pump(from: input) { chunk in
      try scanner.feed(chunk) { try reader.consume($0) }
    }
    try scanner.finish { try reader.consume($0) }
    return AccountReadResult(
      path: input.name, accounts: reader.accounts,
      diagnostics: early + reader.diagnostics + Self.emptyNote(reader.recordsRead, input.name),
      recordsRead: reader.recordsRead, recordsRejected: reader.recordsRejected, preset: nil,
      delimiter: nil, columns: reader.columns, hasHeader: layout.skipLines > 0,
      encoding: options.encoding, domain: nil)
  }
}
