/// Syntax checks for account addresses, byte by byte.
///
/// The local part is an RFC 5322 dot-atom (letters, digits and ``!#$%&'*+-/=?^_`{|}~``, dots
/// between them, at most 64 bytes); quoted local parts and non-ASCII (RFC 6531) addresses are
/// refused because Zimbra account names cannot hold them. The domain is LDH labels (letters,
/// digits, hyphens not at either end, 1–63 bytes each), at least two of them, 253 bytes at most;
/// an internationalised domain has to be written in its `xn--` form.
enum AddressSyntax {
  /// Why `local` is not a valid local part, or nil.
  static func localPartProblem(_ local: ArraySlice<UInt8>) -> String? {
    if local.isEmpty { return "the part before @ is empty" }
    if local.count > 64 { return "the part before @ is longer than 64 characters" }
    var previousDot = true
    for b in local {
      if b == 0x2E {
        if previousDot { return "the part before @ has a dot at its start or two dots in a row" }
        previousDot = true
        continue
      }
      previousDot = false
      if b >= 0x80 {
        return "the part before @ has non-ASCII characters, which Zimbra account names cannot hold"
      }
      if !isAtext(b) {
        return b == 0x20
          ? "the part before @ contains a space"
          : "the part before @ contains a character addresses cannot hold"
      }
    }
    if previousDot { return "the part before @ ends with a dot" }
    return nil
  }

  /// Why `domain` is not a valid domain, or nil.
  static func domainProblem(_ domain: ArraySlice<UInt8>) -> String? {
    if domain.isEmpty { return "the domain is empty" }
    if domain.count > 253 { return "the domain is longer than 253 characters" }
    var labels = 0
    var labelLength = 0
    var previous: UInt8 = 0x2E
    for b in domain {
      if b == 0x2E {
        if labelLength == 0 {
          return "the domain has an empty label (two dots, or a dot at an end)"
        }
        if previous == 0x2D { return "a domain label ends with a hyphen" }
        labels += 1
        labelLength = 0
        previous = b
        continue
      }
      if b >= 0x80 {
        return "the domain has non-ASCII characters; write it in its xn-- (IDNA) form"
      }
      let letterOrDigit =
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
      if !letterOrDigit && b != 0x2D {
        return "the domain contains a character other than letters, digits, - and ."
      }
      if b == 0x2D && labelLength == 0 { return "a domain label starts with a hyphen" }
      labelLength += 1
      if labelLength > 63 { return "a domain label is longer than 63 characters" }
      previous = b
    }
    if labelLength == 0 { return "the domain ends with a dot" }
    if previous == 0x2D { return "a domain label ends with a hyphen" }
    labels += 1
    if labels < 2 { return "the domain has no dot (a full domain such as example.com is needed)" }
    return nil
  }

  /// `domainProblem` for a string.
  static func domainProblem(_ domain: String) -> String? {
    domainProblem(Array(domain.utf8)[...])
  }

  /// RFC 5322 `atext`.
  private static func isAtext(_ b: UInt8) -> Bool {
    switch b {
    case 0x61...0x7A, 0x41...0x5A, 0x30...0x39: return true
    case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60,
      0x7B, 0x7C, 0x7D, 0x7E:
      return true
    default: return false
    }
  }

  /// ASCII lower case (addresses are compared and written in lower case; Zimbra lower-cases
  /// account names itself).
  static func lowercased(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
    return String(
      decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
  }

  /// Why an address could not be made complete and valid.
  struct Problem: Error {
    var code: String
    /// The reason, to follow a subject ("the account …"); it never quotes the input.
    var message: String
  }

  /// `raw` as a complete, lower-case address: blanks and `<…>` removed, a bare name completed with
  /// `defaultDomain`, a domain in `renames` replaced. Works on the UTF-8 bytes in one buffer.
  /// Returns the address and the byte offset of its `@`.
  static func normalize(
    _ raw: String, defaultDomain: String?, renames: [String: String]
  ) -> Result<(address: String, at: Int), Problem> {
    var bytes = Array(raw.utf8)
    var lo = 0
    var hi = bytes.count
    while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
    while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
    if hi - lo > 2 && bytes[lo] == 0x3C && bytes[hi - 1] == 0x3E {
      lo += 1
      hi -= 1
    }
    var at = -1
    var ats = 0
    for i in lo..<hi {
      let b = bytes[i]
      if b == 0x40 {
        ats += 1
        at = i
      } else if b >= 0x41 && b <= 0x5A {
        bytes[i] = b | 0x20
      }
    }
    if ats > 1 {
      return .failure(
        Problem(code: "invalid-address", message: "is not a valid address: it has more than one @"))
    }
    if ats == 0 {
      guard let defaultDomain else {
        return .failure(
          Problem(
            code: "bare-name",
            message: "is a bare name without @domain; give --domain to complete it"))
      }
      bytes.removeSubrange(hi...)
      at = hi
      bytes.append(0x40)
      bytes.append(contentsOf: defaultDomain.utf8)
      hi = bytes.count
    }
    if !renames.isEmpty {
      let domain = String(decoding: bytes[(at + 1)..<hi], as: UTF8.self)
      if let renamed = renames[domain] {
        bytes.removeSubrange((at + 1)...)
        bytes.append(contentsOf: renamed.utf8)
        hi = bytes.count
      }
    }
    if let problem = localPartProblem(bytes[lo..<at]) ?? domainProblem(bytes[(at + 1)..<hi]) {
      return .failure(
        Problem(code: "invalid-address", message: "is not a valid address: \(problem)"))
    }
    return .success((String(decoding: bytes[lo..<hi], as: UTF8.self), at - lo))
  }
}
