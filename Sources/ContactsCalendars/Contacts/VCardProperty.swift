import Foundation
import TextEncodingDetection
import TextFormats

/// One unfolded vCard content line split into group, name, parameters and raw value bytes.
struct VCardProperty: Sendable {
  var group: String?
  var name: String
  /// Upper-cased parameter names to their values (TYPE values lower-cased, quotes removed).
  var parameters: [String: [String]]
  var rawValue: [UInt8]
  var line: Int

  init?(_ bytes: [UInt8], line: Int) {
    var inQuotes = false
    var colon: Int? = nil
    for (i, b) in bytes.enumerated() {
      if b == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if b == UInt8(ascii: ":"), !inQuotes {
        colon = i
        break
      }
    }
    guard let colon else { return nil }
    self.line = line
    let head = String(decoding: bytes[..<colon], as: UTF8.self)
    rawValue = Array(bytes[(colon + 1)...])
    var pieces = VCardSyntax.splitOutsideQuotes(head, on: ";")
    var fullName = pieces.removeFirst().contactsTrimmed()
    if let dot = fullName.lastIndex(of: ".") {
      group = String(fullName[..<dot])
      fullName = String(fullName[fullName.index(after: dot)...])
    }
    name = fullName.uppercased()
    parameters = [:]
    for piece in pieces {
      let p = piece.contactsTrimmed()
      if p.isEmpty { continue }
      if let eq = p.firstIndex(of: "=") {
        let key = p[..<eq].uppercased()
        var values = VCardSyntax.splitOutsideQuotes(String(p[p.index(after: eq)...]), on: ",").map {
          v -> String in
          var s = v.contactsTrimmed()
          if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") {
            s = String(s.dropFirst().dropLast())
          }
          return s
        }
        if key == "TYPE" { values = values.map { $0.lowercased() } }
        parameters[key, default: []].append(contentsOf: values)
      } else {
        let upper = p.uppercased()
        if ["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"].contains(upper) {
          parameters["ENCODING", default: []].append(upper)
        } else {
          parameters["TYPE", default: []].append(upper.lowercased())
        }
      }
    }
  }

  var types: Set<String> {
    Set((parameters["TYPE"] ?? []).flatMap { $0.split(separator: ",").map { String($0) } })
  }
  var charset: String? { parameters["CHARSET"]?.first }
  var isQuotedPrintable: Bool {
    parameters["ENCODING"]?.contains { $0.uppercased() == "QUOTED-PRINTABLE" } ?? false
  }
  var rawValueString: String { String(decoding: rawValue, as: UTF8.self) }

  /// Whether the value is binary data (base64, a picture or sound) rather than text.
  var isBinary: Bool {
    ["PHOTO", "LOGO", "KEY", "X-MS-CARDPICTURE"].contains(name)
      || (name == "SOUND" && !types.contains("x-irmc-n"))
      || parameters["ENCODING"]?.contains { ["B", "BASE64"].contains($0.uppercased()) } == true
  }

  /// The value after quoted-printable and charset decoding (escapes are still in place); values
  /// without `CHARSET` that are not UTF-8 are read as `fallback` when given.
  func decodedValue(fallback: Charset? = nil) -> (text: String, usedFallback: Bool) {
    var bytes = rawValue
    if isQuotedPrintable { bytes = QuotedPrintable.decode(bytes, dropFinalEquals: true) }
    var (text, fallback) = VCardSyntax.decode(bytes, charset: charset, fallback: fallback)
    if bytes.contains(0x0D) {
      text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
        of: "\r", with: "\n")
    }
    return (text, fallback)
  }
}
