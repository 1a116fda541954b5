import Foundation
import TextFormats

enum ContactCSVSyntax {
  struct Record {
    var cells: [String]
    var line: Int

    /// The cells of a scanned record; CR LF and CR inside quoted cells become LF.
    init(_ raw: RawRecord) {
      line = raw.line
      cells = raw.fields.indices.map { index in
        let bytes = raw.field(index)
        guard raw.fields[index].quoted, bytes.contains(0x0D) else {
          return String(decoding: bytes, as: UTF8.self)
        }
        var unified: [UInt8] = []
        unified.reserveCapacity(bytes.count)
        var previousCR = false
        for byte in bytes {
          if byte == 0x0A, previousCR {
            previousCR = false
            continue
          }
          previousCR = byte == 0x0D
          unified.append(previousCR ? 0x0A : byte)
        }
        return String(decoding: unified, as: UTF8.self)
      }
    }
  }

  /// RFC 4180 records; separator from the first `,`/`;` outside quotes on the first line (else
  /// tab, else `,`). Read as ZCS reads contact CSV: only a `"` that starts a field opens quotes, blanks
  /// after a closing quote stay in the value, and line breaks inside quotes become LF.
  static func records(_ text: String) -> [Record] {
    var text = text
    return text.withUTF8 { records(UnsafeRawBufferPointer($0)) }
  }

  /// `records` over UTF-8 bytes, through the shared byte-level `DelimitedScanner`.
  static func records(_ bytes: UnsafeRawBufferPointer) -> [Record] {
    let options = DelimitedScanner.Options(
      delimiter: separator(bytes), quoteAfterSpaces: false, dropBlanksAfterQuote: false)
    var scanner = DelimitedScanner(options: options)
    var out: [Record] = []
    let emit = { (raw: RawRecord) in out.append(Record(raw)) }
    scanner.feed(bytes, emit)
    scanner.finish(emit)
    return out
  }

  /// The first `,` or `;` outside double quotes before the first line break outside them; else tab
  /// when the first line has one; else `,`. Line breaks are those of `Character.isNewline`.
  static func separator(_ bytes: UnsafeRawBufferPointer) -> UInt8 {
    var inQuotes = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == quote {
        inQuotes.toggle()
      } else if !inQuotes {
        if byte == comma || byte == semicolon { return byte }
        if isNewline(at: index, in: bytes) { break }
      }
      index += 1
    }
    for byte in bytes {
      if byte == 0x0A || byte == 0x0D { break }
      if byte == 0x09 { return 0x09 }
    }
    return comma
  }

  /// Whether a line break of `Character.isNewline` starts at `index`: LF, VT, FF, CR, U+0085,
  /// U+2028 or U+2029.
  private static func isNewline(at index: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
    let byte = bytes[index]
    if byte >= 0x0A && byte <= 0x0D { return true }
    if byte == 0xC2 { return index + 1 < bytes.count && bytes[index + 1] == 0x85 }
    if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 {
      return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
    }
    return false
  }

  private static let quote = UInt8(ascii: "\"")
  private static let comma = UInt8(ascii: ",")
  private static let semicolon = UInt8(ascii: ";")

  /// `E-mail 1 - Value` → ("E-mail", 1, "Value").
  static func googleColumn(_ name: String) -> (String, Int, String)? {
    guard let dash = name.range(of: " - ") else { return nil }
    let left = name[..<dash.lowerBound]
    guard let space = left.lastIndex(of: " "), let n = Int(left[left.index(after: space)...]) else {
      return nil
    }
    return (String(left[..<space]), n, String(name[dash.upperBound...]))
  }

  /// `a\,b,c` → ["a,b", "c"].
  static func decodeTags(_ s: String) -> [String] {
    var tags: [String] = []
    var cur = ""
    var esc = false
    for c in s {
      if esc {
        cur.append(c)
        esc = false
      } else if c == "\\" {
        esc = true
      } else if c == "," {
        tags.append(cur)
        cur = ""
      } else {
        cur.append(c)
      }
    }
    tags.append(cur)
    return tags.map { $0.contactsTrimmed() }.filter { !$0.isEmpty }
  }

  /// How to read a slash date whose first two numbers could both be the month.
  enum DateOrder: Sendable {
    /// Month first, reported as a guess (English Outlook: en-US and en-GB headers are the same).
    case monthFirstGuessed
    /// Month first, known (Yahoo; ZCS's `dateformat` `mdy` for `yahoo-csv`).
    case monthFirst
    /// Day first, known (headers in `ContactCSVMaps.dayFirstLocales`, e.g. German `dd.MM.yyyy`).
    case dayFirst
  }

  /// ISO `yyyy-MM-dd`, `yyyyMMdd`, `Y-M-D`, or `M/D/Y` / `D/M/Y` / `D-M-Y` / `D.M.Y`; `0/0/00`
  /// (Outlook's empty) → nil. Returns the `yyyy-MM-dd` value and whether the day/month order had to
  /// be guessed.
  static func parseDate(_ raw: String, order: DateOrder = .monthFirstGuessed) -> (String, Bool)? {
    let s = raw.contactsTrimmed()
    if let iso = VCardSyntax.normalizeDate(s) { return (iso, false) }
    let separators: [Character] = ["/", ".", "-"]
    guard let sepChar = separators.first(where: { s.contains($0) }) else {
      return s.isEmpty ? nil : (s, false)
    }
    let p = s.split(separator: sepChar).map { Int(String($0).contactsTrimmed()) }
    guard p.count == 3, let a = p[0], let b = p[1], let c = p[2] else { return (s, false) }
    if a == 0 && b == 0 { return nil }
    if a >= 1000 {
      // Year first (`1985-3-7`): month then day, never ambiguous.
      guard (1...12).contains(b), (1...31).contains(c) else { return (s, false) }
      return (String(format: "%04d-%02d-%02d", a, b, c), false)
    }
    var y = c
    if y < 100 { y += y < 30 ? 2000 : 1900 }
    var month = a
    var day = b
    var ambiguous = false
    if sepChar == "." || a > 12 {
      month = b
      day = a
    } else if b > 12 || a == b {
    } else {
      switch order {
      case .monthFirstGuessed: ambiguous = true
      case .monthFirst: break
      case .dayFirst:
        month = b
        day = a
      }
    }
    guard (1...12).contains(month), (1...31).contains(day) else { return (s, false) }
    return (String(format: "%04d-%02d-%02d", y, month, day), ambiguous)
  }

  /// Zimbra's single-`Name` split: `Last, First Middle…` when the value has a comma, else
  /// `First Middle… Last`; one word is the first name.
  static func splitName(_ raw: String) -> (first: String?, middle: String?, last: String?) {
    func words(_ s: Substring) -> [String] {
      s.split(whereSeparator: \.isWhitespace).map(String.init)
    }
    func joined(_ w: ArraySlice<String>) -> String? { w.isEmpty ? nil : w.joined(separator: " ") }
    let value = raw.contactsTrimmed()
    if let comma = value.firstIndex(of: ",") {
      let last = String(value[..<comma]).contactsTrimmed()
      let rest = words(value[value.index(after: comma)...])
      return (rest.first, joined(rest.dropFirst()), last.isEmpty ? nil : last)
    }
    let w = words(Substring(value))
    if w.count < 2 { return (w.first, nil, nil) }
    return (w.first, joined(w.dropFirst().dropLast()), w.last)
  }
}
