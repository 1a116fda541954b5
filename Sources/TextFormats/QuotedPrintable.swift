/// Quoted-printable (RFC 2045 §6.7): decoding as vCard 2.1 and vCalendar 1.0 use it (soft line
/// breaks already joined by the readers' unfolding), and encoding for MIME bodies.
public enum QuotedPrintable {
  /// The bytes with every `=XX` (hex digits in either case) turned into the byte it names. An `=`
  /// not followed by two hex digits is kept, except a final `=` (a soft break the unfolding could
  /// not join) when `dropFinalEquals` is true.
  public static func decode(_ bytes: some Collection<UInt8>, dropFinalEquals: Bool = false)
    -> [UInt8]
  {
    let input = Array(bytes)
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    var index = 0
    while index < input.count {
      let byte = input[index]
      if byte == equals, index + 2 < input.count, let high = hexValue(input[index + 1]),
        let low = hexValue(input[index + 2])
      {
        out.append(high << 4 | low)
        index += 3
      } else if byte == equals, dropFinalEquals, index == input.count - 1 {
        index += 1
      } else {
        out.append(byte)
        index += 1
      }
    }
    return out
  }

  /// Quoted-printable (RFC 2045 §6.7) of `data`, lines at most 76 characters.
  ///
  /// `eol` is the hard line break; it is kept as is. Every other CR or LF byte, `=`, control and
  /// non-ASCII bytes, and a space or tab at the end of a line are encoded; a `-` that would start a
  /// continuation line is encoded too, so no new line can look like a MIME boundary.
  public static func encode(_ data: ArraySlice<UInt8>, eol: [UInt8]) -> [UInt8] {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(data.count + data.count / 8 + 16)
    let isCRLF = eol.count == 2
    var column = 0
    var continuation = false
    var i = data.startIndex
    let end = data.endIndex
    while i < end {
      let b = data[i]
      // A hard line break?
      if isCRLF {
        if b == 0x0D, i + 1 < end, data[i + 1] == 0x0A {
          out.append(contentsOf: eol)
          column = 0
          continuation = false
          i += 2
          continue
        }
      } else if b == 0x0A {
        out.append(contentsOf: eol)
        column = 0
        continuation = false
        i += 1
        continue
      }
      let atLineEnd: Bool
      if i + 1 >= end {
        atLineEnd = true
      } else if isCRLF {
        atLineEnd = data[i + 1] == 0x0D && i + 2 < end && data[i + 2] == 0x0A
      } else {
        atLineEnd = data[i + 1] == 0x0A
      }
      var literal: Bool
      switch b {
      case 0x21...0x3C, 0x3E...0x7E: literal = true
      case 0x20, 0x09: literal = !atLineEnd
      default: literal = false
      }
      var width = literal ? 1 : 3
      if column + width > 75 {
        out.append(UInt8(ascii: "="))
        out.append(contentsOf: eol)
        column = 0
        continuation = true
      }
      if column == 0 && continuation && b == UInt8(ascii: "-") {
        literal = false
        width = 3
      }
      if literal {
        out.append(b)
      } else {
        out.append(UInt8(ascii: "="))
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 15)])
      }
      column += width
      i += 1
    }
    return out
  }

  private static let equals = UInt8(ascii: "=")

  /// The value of one hex digit, or nil.
  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
  }
}
