/// One lexical unit of RTF ([MSFT-RTF]): a group mark, a control word or symbol, a hexadecimal
/// byte, binary data, or one byte of text.
enum RtfToken: Equatable {
  /// `{`.
  case groupStart
  /// `}`.
  case groupEnd
  /// `\name` with its optional signed parameter (clamped to ±999,999,999).
  case controlWord(name: String, parameter: Int?)
  /// `\` followed by one character that is not a letter (`\*`, `\~`, `\{`, …); a backslash
  /// before a line break is reported as the symbol 0x0A.
  case controlSymbol(UInt8)
  /// `\'hh`: one byte in the current code page.
  case hexByte(UInt8)
  /// `\binN` and the N bytes after it (clamped to what the input holds).
  case binary(Range<Int>)
  /// A run of text bytes: none is a backslash, a brace or a line break (line breaks in the
  /// source are not text and are never reported).
  case text(Range<Int>)
}

/// Splits RTF bytes into tokens; it never reads out of bounds and treats any byte sequence as
/// input (a truncated control word ends at the end of the bytes).
struct RtfTokenizer {
  /// The document.
  let bytes: [UInt8]
  /// The index of the next byte to read.
  private(set) var position = 0

  /// A tokenizer at the start of `bytes`.
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// The longest control-word name kept; longer runs of letters are cut (RTF allows 32).
  static let maximumNameLength = 32
  /// The largest parameter magnitude kept; more digits are read but clamp the value.
  static let maximumParameter = 999_999_999

  /// The next token, or nil at the end of the input.
  mutating func next() -> RtfToken? {
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "{"): return .groupStart
      case UInt8(ascii: "}"): return .groupEnd
      case 0x0D, 0x0A: continue
      case UInt8(ascii: "\\"): return escape()
      default:
        let start = position - 1
        while position < bytes.count, !Self.endsText(bytes[position]) { position += 1 }
        return .text(start..<position)
      }
    }
    return nil
  }

  /// Consumes the rest of the current group, nested groups included, up to and with its closing
  /// brace (or to the end of the input): escaped braces do not count and `\binN` data is
  /// jumped over whole.
  mutating func skipGroup() {
    var depth = 1
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "{"):
        depth += 1
      case UInt8(ascii: "}"):
        depth -= 1
        if depth == 0 { return }
      case UInt8(ascii: "\\"):
        guard position < bytes.count else { return }
        if bytes[position] == UInt8(ascii: "b"), bytes[position...].starts(with: Self.binWord) {
          if case .binary = escape() { continue }
        } else {
          position += 1
        }
      default:
        break
      }
    }
  }

  /// The letters of `\bin`, after the backslash.
  private static let binWord: [UInt8] = Array("bin".utf8)

  /// The token after a backslash (already consumed).
  private mutating func escape() -> RtfToken? {
    guard position < bytes.count else { return nil }
    let first = bytes[position]
    if !Self.isLetter(first) {
      position += 1
      if first == UInt8(ascii: "'") { return hexByte() }
      if first == 0x0D || first == 0x0A { return .controlSymbol(0x0A) }
      return .controlSymbol(first)
    }
    let nameStart = position
    while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
    let nameEnd = min(position, nameStart + Self.maximumNameLength)
    let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
    var parameter: Int?
    var negative = false
    if position < bytes.count, bytes[position] == UInt8(ascii: "-"), position + 1 < bytes.count,
      Self.isDigit(bytes[position + 1])
    {
      negative = true
      position += 1
    }
    if position < bytes.count, Self.isDigit(bytes[position]) {
      var value = 0
      while position < bytes.count, Self.isDigit(bytes[position]) {
        value = min(value * 10 + Int(bytes[position] - UInt8(ascii: "0")), Self.maximumParameter)
        position += 1
      }
      parameter = negative ? -value : value
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
    if name == "bin", let count = parameter, count > 0 {
      let end = min(bytes.count, position + count)
      defer { position = end }
      return .binary(position..<end)
    }
    return .controlWord(name: name, parameter: parameter)
  }

  /// The byte of `\'hh` (the `\'` already consumed); a malformed escape yields what it has.
  private mutating func hexByte() -> RtfToken? {
    var value: UInt8 = 0
    var digits = 0
    while digits < 2, position < bytes.count, let digit = Self.hexValue(bytes[position]) {
      value = value << 4 | digit
      position += 1
      digits += 1
    }
    return digits == 0 ? .controlSymbol(UInt8(ascii: "'")) : .hexByte(value)
  }

  /// Whether `byte` ends a run of text: a backslash, a brace or a line break.
  private static func endsText(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
      || byte == 0x0D || byte == 0x0A
  }

  /// Whether `byte` is an ASCII letter.
  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  /// Whether `byte` is an ASCII digit.
  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// The value of a hexadecimal digit, or nil.
  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// How many leading tokens [MS-OXRTFEX] lets a reader examine for `\fromhtml1` or `\fromtext`.
  static let encapsulationTokenLimit = 10

  /// What the header of `rtf` declares: `\fromhtml1` or `\fromtext` among the first ten tokens.
  static func encapsulation(of rtf: [UInt8]) -> RtfEncapsulation {
    var tokenizer = RtfTokenizer(rtf)
    var count = 0
    var previousWasText = false
    while count < encapsulationTokenLimit, let token = tokenizer.next() {
      // A run of text counts as one token.
      if case .text = token {
        if !previousWasText { count += 1 }
        previousWasText = true
        continue
      }
      previousWasText = false
      count += 1
      guard case .controlWord(let name, let parameter) = token else { continue }
      if name == "fromhtml" && parameter == 1 { return .html }
      if name == "fromtext" && parameter == nil { return .text }
    }
    return .native
  }
}
