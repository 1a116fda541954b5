/// RFC 3501 §5.1.3 modified UTF-7, the encoding IMAP servers and Maildir++ use for folder names.
public enum ModifiedUTF7 {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)
  private static let reverse: [Int8] = {
    var table = [Int8](repeating: -1, count: 256)
    for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
    return table
  }()

  /// Decodes `name`, or returns nil when it is not valid modified UTF-7
  /// (an unterminated `&`, bad base64, or an odd UTF-16 sequence).
  public static func decode(_ name: String) -> String? {
    let bytes = Array(name.utf8)
    var out = ""
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      if c != UInt8(ascii: "&") {
        guard c >= 0x20 && c <= 0x7E else { return nil }
        out.unicodeScalars.append(Unicode.Scalar(c))
        i += 1
        continue
      }
      guard let end = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "-")) else { return nil }
      if end == i + 1 {
        out.append("&")
        i = end + 1
        continue
      }
      var bits = 0
      var accumulator: UInt32 = 0
      var units: [UInt16] = []
      for b in bytes[(i + 1)..<end] {
        let v = reverse[Int(b)]
        guard v >= 0 else { return nil }
        accumulator = (accumulator << 6) | UInt32(v)
        bits += 6
        if bits >= 16 {
          bits -= 16
          units.append(UInt16(truncatingIfNeeded: accumulator >> UInt32(bits)))
          accumulator &= (1 << UInt32(bits)) - 1
        }
      }
      guard bits < 6, accumulator == 0, !units.isEmpty else { return nil }
      var iterator = units.makeIterator()
      var decoder = UTF16()
      decoding: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): out.unicodeScalars.append(scalar)
        case .emptyInput: break decoding
        case .error: return nil
        }
      }
      i = end + 1
    }
    return out
  }

  /// Encodes a Unicode folder name as modified UTF-7.
  public static func encode(_ name: String) -> String {
    var out = ""
    var pending: [UInt16] = []
    func flush() {
      guard !pending.isEmpty else { return }
      out.append("&")
      var accumulator: UInt32 = 0
      var bits = 0
      for unit in pending {
        accumulator = (accumulator << 16) | UInt32(unit)
        bits += 16
        while bits >= 6 {
          bits -= 6
          out.unicodeScalars.append(
            Unicode.Scalar(alphabet[Int((accumulator >> UInt32(bits)) & 63)]))
        }
      }
      if bits > 0 {
        out.unicodeScalars.append(
          Unicode.Scalar(alphabet[Int((accumulator << UInt32(6 - bits)) & 63)]))
      }
      out.append("-")
      pending.removeAll()
    }
    for scalar in name.unicodeScalars {
      if scalar.value >= 0x20 && scalar.value <= 0x7E {
        flush()
        out += scalar == "&" ? "&-" : String(scalar)
      } else {
        pending.append(contentsOf: String(scalar).utf16)
      }
    }
    flush()
    return out
  }
}
