/// Reads the value of `size:`, `larger:`/`bigger:` and `smaller:` as Zimbra's SizeQuery does:
/// an optional `>` or `<` (which overrides the field), an optional `=`, a number and an optional
/// unit `b`, `k`/`kb`, `m`/`mb`, `g`/`gb` (any case; 1 kb = 1,024 bytes).
enum QuerySizeParser {
  static func condition(_ field: QueryField, _ text: String, column: Int) throws(FormattersError)
    -> SizeCondition
  {
    func failure() -> FormattersError {
      FormattersError(
        "bad size '\(field.rawValue):\(text)': use a number of bytes with an optional unit "
          + "b, kb, mb or gb, such as 10kb", column: column)
    }
    enum Kind { case larger, smaller, equal }
    var kind: Kind
    switch field {
    case .larger, .bigger: kind = .larger
    case .smaller: kind = .smaller
    default: kind = .equal
    }
    var value = Substring(text.lowercased())
    if value.first == ">" {
      kind = .larger
      value = value.dropFirst()
    } else if value.first == "<" {
      kind = .smaller
      value = value.dropFirst()
    }
    let orEqual = value.first == "="
    if orEqual { value = value.dropFirst() }
    if value.last == "b" { value = value.dropLast() }
    var multiplier: Int64 = 1
    switch value.last {
    case "k": multiplier = 1 << 10
    case "m": multiplier = 1 << 20
    case "g": multiplier = 1 << 30
    default: break
    }
    if multiplier > 1 { value = value.dropLast() }
    let digits = value.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      let number = Int64(String(digits))
    else { throw failure() }
    let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
    guard !overflow else { throw failure() }
    switch (kind, orEqual) {
    case (.larger, false): return .larger(than: bytes)
    case (.larger, true): return .larger(than: bytes - 1)
    case (.smaller, false): return .smaller(than: bytes)
    case (.smaller, true): return .smaller(than: bytes + 1)
    case (.equal, _): return .equal(to: bytes)
    }
  }
}
