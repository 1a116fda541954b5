import MailModel

/// A Maildir message file name split into its unique base and its info suffix
/// (SOURCE-FORMATS.md §1, "Info suffix" and "Windows-safe separators").
///
/// The info starts at the *last* `:`, `;` or `!` that is followed by `2,` (or the experimental
/// `1,`); without one, the whole name is the base and the message has no flags.
struct MaildirFileName {
  /// What follows the separator.
  enum Info: Equatable {
    /// No info suffix.
    case none
    /// `2,` info: the flag letters, up to an optional `,` that starts non-standard fields.
    case flags(ArraySlice<UInt8>)
    /// `1,` ("experimental semantics") info: the raw text after `1,`, not interpreted.
    case experimental(ArraySlice<UInt8>)
  }

  /// The unique name: the text before the info separator.
  var base: ArraySlice<UInt8>
  var info: Info

  init(_ name: [UInt8]) {
    var i = name.count - 3
    while i >= 0 {
      let c = name[i]
      let version = name[i + 1]
      if c == UInt8(ascii: ":") || c == UInt8(ascii: ";") || c == UInt8(ascii: "!"),
        version == UInt8(ascii: "2") || version == UInt8(ascii: "1"),
        name[i + 2] == UInt8(ascii: ",")
      {
        base = name[0..<i]
        let rest = name[(i + 3)...]
        if version == UInt8(ascii: "2") {
          let end = rest.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex
          info = .flags(rest[rest.startIndex..<end])
        } else {
          info = .experimental(rest)
        }
        return
      }
      i -= 1
    }
    base = name[...]
    info = .none
  }

  /// The system flags and the keyword letters (`a`–`z`, first occurrence order, no repeats)
  /// of a `2,` info. Unknown letters (Dovecot preserves but ignores them) are skipped.
  static func flags(of letters: ArraySlice<UInt8>) -> (MessageFlags, [UInt8]) {
    var flags: MessageFlags = []
    var keywordLetters: [UInt8] = []
    for letter in letters {
      switch letter {
      case UInt8(ascii: "P"): flags.insert(.forwarded)
      case UInt8(ascii: "R"): flags.insert(.answered)
      case UInt8(ascii: "S"): flags.insert(.seen)
      case UInt8(ascii: "T"): flags.insert(.deleted)
      case UInt8(ascii: "D"): flags.insert(.draft)
      case UInt8(ascii: "F"): flags.insert(.flagged)
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        if !keywordLetters.contains(letter) { keywordLetters.append(letter) }
      default: break
      }
    }
    return (flags, keywordLetters)
  }

  /// The leading decimal digits of the base as an epoch time, when they look like a delivery
  /// time written by a well-behaved MDA (1980-01-01 up to 2100-01-01); nil otherwise.
  var leadingTimestamp: Int64? {
    var value: Int64 = 0
    var digits = 0
    for byte in base {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
      digits += 1
      guard digits <= 11 else { return nil }
      value = value * 10 + Int64(byte - UInt8(ascii: "0"))
    }
    guard digits > 0, value >= 315_532_800, value < 4_102_444_800 else { return nil }
    return value
  }
}
