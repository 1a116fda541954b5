import Foundation
import MailModel
import TextEncodingDetection

/// One parameter of an iCalendar content line (`NAME=a,"b;c"`), values unquoted.
public struct ICalParameter: Sendable, Equatable {
  /// The parameter name, upper-cased.
  public var name: String
  /// The comma-separated values, in order, with surrounding quotes removed.
  public var values: [String]

  /// Creates a parameter; `name` is upper-cased.
  public init(name: String, values: [String]) {
    self.name = name.uppercased()
    self.values = values
  }

  /// The values joined by commas.
  public var value: String { values.joined(separator: ",") }
}

/// One unfolded RFC 5545 content line: `NAME;PARAM=value:value`.
public struct ICalContentLine: Sendable, Equatable {
  /// The property name, upper-cased.
  public var name: String
  /// The parameters between the name and the `:`, in order.
  public var parameters: [ICalParameter]
  /// The value exactly as written (escapes such as `\n` are kept).
  public var value: String
  /// The 1-based physical line the content line started on (0 when built in code).
  public var line: Int

  /// Creates a content line; `name` is upper-cased and `value` is kept as given.
  public init(name: String, parameters: [ICalParameter] = [], value: String, line: Int = 0) {
    self.name = name.uppercased()
    self.parameters = parameters
    self.value = value
    self.line = line
  }

  /// The first parameter with this name (case-insensitive).
  public func parameter(_ name: String) -> ICalParameter? {
    let upper = name.uppercased()
    return parameters.first { $0.name == upper }
  }

  /// Removes every parameter with this name.
  public mutating func removeParameter(_ name: String) {
    let upper = name.uppercased()
    parameters.removeAll { $0.name == upper }
  }

  /// Sets (replacing) a parameter.
  public mutating func setParameter(_ name: String, _ values: [String]) {
    let upper = name.uppercased()
    if let index = parameters.firstIndex(where: { $0.name == upper }) {
      parameters[index].values = values
    } else {
      parameters.append(ICalParameter(name: upper, values: values))
    }
  }
}

/// A logical (unfolded) line as bytes, with the physical line number it starts on.
public struct ICalUnfoldedLine: Sendable, Equatable {
  /// The unfolded line's bytes, without the line ending (not decoded: a fold may split UTF-8).
  public var bytes: [UInt8]
  /// The 1-based physical line the logical line starts on.
  public var line: Int
}

/// Unfolds and parses RFC 5545 content lines.
public enum ICalContentLineParser {
  /// Splits on CRLF or LF and joins every line that starts with a space or tab to the previous one,
  /// on bytes (a fold may split a UTF-8 sequence). Blank lines are dropped. A vCalendar 1.0
  /// quoted-printable value ending in a soft line break (`=`) is joined with the next line too.
  public static func unfold(_ input: [UInt8]) -> [ICalUnfoldedLine] {
    var bytes = input[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    var result: [ICalUnfoldedLine] = []
    var current: [UInt8] = []
    var currentLine = 0
    var hasCurrent = false
    var physical = 0
    var softBreak = false
    var start = bytes.startIndex
    func flush() {
      if hasCurrent && !current.isEmpty {
        result.append(ICalUnfoldedLine(bytes: current, line: currentLine))
      }
      current = []
      hasCurrent = false
    }
    while start < bytes.endIndex {
      var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
      let next = end < bytes.endIndex ? end + 1 : end
      if end > start && bytes[end - 1] == 0x0D { end -= 1 }
      physical += 1
      let text = bytes[start..<end]
      start = next
      if hasCurrent, let first = text.first, first == 0x20 || first == 0x09 {
        current.append(contentsOf: text.dropFirst())
      } else if hasCurrent && softBreak {
        current.append(contentsOf: text)
      } else {
        flush()
        if text.isEmpty {
          softBreak = false
          continue
        }
        current = Array(text)
        currentLine = physical
        hasCurrent = true
      }
      softBreak = false
      if current.last == UInt8(ascii: "="), isQuotedPrintable(current) {
        current.removeLast()
        softBreak = true
      }
    }
    flush()
    return result
  }

  private static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
    let head = String(decoding: line[..<colon], as: UTF8.self).uppercased()
    return head.contains("QUOTED-PRINTABLE")
  }

  /// Parses one unfolded line. Throws when there is no name or no `:`.
  /// The value is decoded as UTF-8, or with the `CHARSET` parameter when one is given; bytes that are not
  /// valid are read as ISO-8859-1 and reported in `diagnostics`.
  public static func parse(
    _ unfolded: ICalUnfoldedLine, file: String, diagnostics: inout [Diagnostic]
  ) throws -> ICalContentLine {
    let bytes = unfolded.bytes
    let location = SourceLocation(file: file, line: unfolded.line)
    var index = 0
    func isNameByte(_ byte: UInt8) -> Bool {
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
        || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }
    while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
    guard index > 0 else {
      throw ContactsCalendarsError("content line without a property name", at: location)
    }
    let name = String(decoding: bytes[0..<index], as: UTF8.self)
    var parameters: [ICalParameter] = []
    while index < bytes.count, bytes[index] == UInt8(ascii: ";") {
      index += 1
      let nameStart = index
      while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
      let paramName = String(decoding: bytes[nameStart..<index], as: UTF8.self)
      guard !paramName.isEmpty else {
        throw ContactsCalendarsError("empty parameter name in \(name)", at: location)
      }
      guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
        // vCalendar 1.0 style bare parameter (`;QUOTED-PRINTABLE`).
        parameters.append(bareParameter(paramName))
        continue
      }
      index += 1
      var values: [String] = []
      while true {
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
          let valueStart = index + 1
          guard let close = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else {
            throw ContactsCalendarsError(
              "unterminated quoted parameter value in \(name)", at: location)
          }
          values.append(String(decoding: bytes[valueStart..<close], as: UTF8.self))
          index = close + 1
        } else {
          let valueStart = index
          while index < bytes.count,
            ![UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(bytes[index])
          { index += 1 }
          values.append(String(decoding: bytes[valueStart..<index], as: UTF8.self))
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        break
      }
      parameters.append(ICalParameter(name: paramName, values: values))
    }
    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
      throw ContactsCalendarsError("content line \(name) without ':'", at: location)
    }
    let valueBytes = Array(bytes[(index + 1)...])
    let charset = parameters.first { $0.name == "CHARSET" }?.values.first
    let (value, exact) = decodeText(valueBytes, charset: charset)
    if !exact {
      diagnostics.append(
        Diagnostic(
          .warning, code: "invalid-charset",
          "\(name) value is not valid \(charset ?? "UTF-8"); read as ISO-8859-1", at: location))
    }
    return ICalContentLine(name: name, parameters: parameters, value: value, line: unfolded.line)
  }

  private static func bareParameter(_ name: String) -> ICalParameter {
    switch name.uppercased() {
    case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT":
      return ICalParameter(name: "ENCODING", values: [name.uppercased()])
    default: return ICalParameter(name: "TYPE", values: [name])
    }
  }

  /// Decodes bytes with a charset name (UTF-8 when nil); `exact` is false when a fallback was used.
  public static func decodeText(_ bytes: [UInt8], charset: String?) -> (text: String, exact: Bool) {
    switch CharsetLabel(charset ?? "UTF-8") {
    case .latin1:
      return (SingleByteText.decode(bytes, windows1252: false), true)
    case .windows1252:
      return (SingleByteText.decode(bytes), true)
    case .ascii, .utf8:
      if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
    case .other:
      // Other charsets are not converted: UTF-8 if the bytes are, reported as inexact.
      if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
    }
    return (SingleByteText.decode(bytes, windows1252: false), false)
  }
}

/// Writes RFC 5545 content lines: parameter values quoted where needed, folded at 75 octets
/// without splitting a UTF-8 sequence, CRLF line ends.
public enum ICalContentLineWriter {
  /// `NAME;PARAM=...:value` unfolded, without a line end. CR/LF inside the value become `\n`.
  public static func serialize(_ line: ICalContentLine) -> String {
    var out = line.name
    // The value is text now and is written as UTF-8, so a source's `CHARSET` would be a lie
    // (a reader honouring `CHARSET=ISO-8859-1` would turn `München` into `MÃ¼nchen`).
    for parameter in line.parameters where parameter.name.uppercased() != "CHARSET" {
      out += ";" + parameter.name + "="
      out += parameter.values.map(quoteIfNeeded).joined(separator: ",")
    }
    out += ":"
    out += line.value.replacingOccurrences(of: "\r\n", with: "\\n")
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    return out
  }

  private static func quoteIfNeeded(_ value: String) -> String {
    let clean = value.replacingOccurrences(of: "\"", with: "'")
      .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    if clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) { return "\"" + clean + "\"" }
    return clean
  }

  /// Folds one unfolded line into physical lines of at most 75 octets, each ending in CRLF.
  public static func fold(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 70 * 3 + 2)
    var index = 0
    var first = true
    repeat {
      let limit = first ? 75 : 74
      var end = min(index + limit, bytes.count)
      if end < bytes.count {
        while end > index + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
      }
      if !first { out.append(0x20) }
      out.append(contentsOf: bytes[index..<end])
      out.append(contentsOf: [0x0D, 0x0A])
      index = end
      first = false
    } while index < bytes.count
    return out
  }

  /// `serialize` then `fold`.
  public static func write(_ line: ICalContentLine) -> [UInt8] { fold(serialize(line)) }
}
