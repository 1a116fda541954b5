/// Quoted-printable decoding (RFC 2045 §6.7) as vCard 2.1 and vCalendar 1.0 use it: soft line
/// breaks are already joined by the readers' unfolding, so only `=XX` escapes are left.
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
