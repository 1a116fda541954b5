import Foundation
import MailModel

/// The text rules of the feeds: XML escaping that always gives well-formed XML 1.0, and the two
/// date forms Zimbra's feed formatters print.
enum FeedText {
  /// `text` as XML character data or attribute value: `&`, `<`, `>`, `"` and `'` escaped, CR as
  /// `&#13;` (so a parser does not turn it into LF), and the characters XML 1.0 forbids (C0
  /// controls other than tab, LF and CR; U+FFFE; U+FFFF) dropped.
  static func escaped(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out.append(contentsOf: "&amp;".unicodeScalars)
      case "<": out.append(contentsOf: "&lt;".unicodeScalars)
      case ">": out.append(contentsOf: "&gt;".unicodeScalars)
      case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
      case "'": out.append(contentsOf: "&apos;".unicodeScalars)
      case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
      case "\t", "\n": out.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// The wall-clock fields of `seconds` (since 1970) at the offset `offset` (seconds east).
  private struct Civil {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(_ seconds: Int64, offset: Int) {
      let local = seconds + Int64(offset)
      let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
      let rest = Int(local - days * 86_400)
      (year, month, day) = MailDate.civil(days: Int(days))
      hour = rest / 3600
      minute = rest % 3600 / 60
      second = rest % 60
    }
  }

  /// `n` with at least `width` digits.
  private static func padded(_ n: Int, _ width: Int) -> String {
    let digits = String(abs(n))
    let zeros = String(repeating: "0", count: max(0, width - digits.count))
    return (n < 0 ? "-" : "") + zeros + digits
  }

  /// The offset as `+hhmm`, or `+hh:mm` with `colon`; whole minutes, seconds dropped as Java's
  /// `Z` pattern letter does.
  private static func offsetText(_ offset: Int, colon: Bool) -> String {
    let minutes = abs(offset) / 60
    return (offset < 0 ? "-" : "+") + padded(minutes / 60, 2) + (colon ? ":" : "")
      + padded(minutes % 60, 2)
  }

  /// The offset of `zone` at `seconds` since 1970, in seconds east of UTC.
  static func offset(of zone: TimeZone, at seconds: Int64) -> Int {
    zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// ISO 8601 as Zimbra's `DateUtil.toISO8601` writes it: `2026-03-02T10:00:00+01:00`.
  static func iso8601(_ seconds: Int64, offset: Int) -> String {
    let c = Civil(seconds, offset: offset)
    return padded(c.year, 4) + "-" + padded(c.month, 2) + "-" + padded(c.day, 2) + "T"
      + padded(c.hour, 2) + ":" + padded(c.minute, 2) + ":" + padded(c.second, 2)
      + offsetText(offset, colon: true)
  }

  /// RFC 822 as Zimbra's RSS formatter writes it (`EEE, d MMM yyyy HH:mm:ss Z`):
  /// `Mon, 2 Mar 2026 10:00:00 +0100`, English names whatever the locale.
  static func rfc822(_ seconds: Int64, offset: Int) -> String {
    MailDate.rfc5322(seconds, offset: offset)
  }
}
