/// ZCSImport XML for the console's bulk import (`sourceType=bulkxml`, `ZIMBRA-IMPORT.md` §7.2).
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <ZCSImport>
///   <ImportUsers>
///     <User>
///       <RemoteEmailAddress>…</RemoteEmailAddress>
///       <ExchangeMail>…</ExchangeMail>
///       <displayName>…</displayName> <givenName>…</givenName> <sn>…</sn> <password>…</password>
///       <zimbraPasswordMustChange>TRUE|FALSE</zimbraPasswordMustChange>
///     </User>
///   </ImportUsers>
/// </ZCSImport>
/// ```
///
/// `ExchangeMail` repeats the address for the older handler (Grynn/zimbra-mirror `BulkImportAccounts`),
/// which reads only that element; newer ones prefer `RemoteEmailAddress` and ignore the rest. No DOCTYPE
/// (the server's SAX reader refuses them). Text is escaped with `&amp; &lt; &gt; &quot; &apos;`, and
/// TAB, LF, CR as character references, so each element stays on one line and a CR is not turned into LF
/// by the parser. Characters XML 1.0 cannot carry (C0 controls but TAB/LF/CR, U+FFFE, U+FFFF) refuse the
/// account. The server reads each value with `getTextTrim()`, which trims it and turns every run of
/// blanks into one space: a password that would change that way is refused.
enum ZCSImportXMLFile {
  /// Why the account cannot be written, or nil.
  static func refusal(for account: Account) -> String? {
    for (name, value) in fields(of: account) {
      guard let bad = value.unicodeScalars.first(where: { !isXMLChar($0) }) else { continue }
      if name == "password" { return "the password contains a character XML 1.0 cannot carry" }
      return "\(name) contains \(codePoint(bad)), which XML 1.0 cannot carry"
    }
    if let password = account.password, !survivesTextTrim(password) {
      return
        "the password has leading, trailing, repeated or non-space blanks (tab, line break), which the"
        + " XML import collapses into single spaces"
    }
    return nil
  }

  static func appendHeader(to out: inout [UInt8]) {
    out.append(
      contentsOf: Array(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ZCSImport>\n  <ImportUsers>\n".utf8))
  }

  static func appendFooter(to out: inout [UInt8]) {
    out.append(contentsOf: Array("  </ImportUsers>\n</ZCSImport>\n".utf8))
  }

  /// One `<User>` element.
  static func appendUser(_ account: Account, to out: inout [UInt8]) {
    out.append(contentsOf: Array("    <User>\n".utf8))
    for (name, value) in fields(of: account) {
      out.append(contentsOf: Array("      <\(name)>".utf8))
      appendEscaped(value, to: &out)
      out.append(contentsOf: Array("</\(name)>\n".utf8))
    }
    out.append(contentsOf: Array("    </User>\n".utf8))
  }

  /// The child elements of `<User>`, in order; absent values are empty elements.
  static func fields(of account: Account) -> [(String, String)] {
    [
      ("RemoteEmailAddress", account.email), ("ExchangeMail", account.email),
      ("displayName", account.displayName ?? ""), ("givenName", account.givenName ?? ""),
      ("sn", account.surname ?? ""), ("password", account.password ?? ""),
      ("zimbraPasswordMustChange", account.mustChangePassword ? "TRUE" : "FALSE"),
    ]
  }

  /// Character data with the five entities and TAB/LF/CR as references. The text must hold only XML
  /// characters (`refusal` checks).
  static func appendEscaped(_ value: String, to out: inout [UInt8]) {
    for byte in value.utf8 {
      switch byte {
      case 0x26: out.append(contentsOf: Array("&amp;".utf8))
      case 0x3C: out.append(contentsOf: Array("&lt;".utf8))
      case 0x3E: out.append(contentsOf: Array("&gt;".utf8))
      case 0x22: out.append(contentsOf: Array("&quot;".utf8))
      case 0x27: out.append(contentsOf: Array("&apos;".utf8))
      case 0x09: out.append(contentsOf: Array("&#9;".utf8))
      case 0x0A: out.append(contentsOf: Array("&#10;".utf8))
      case 0x0D: out.append(contentsOf: Array("&#13;".utf8))
      default: out.append(byte)
      }
    }
  }

  /// XML 1.0 `Char`: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. (A Swift string holds
  /// no lone surrogates.)
  static func isXMLChar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return true
    case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
    default: return false
    }
  }

  /// Whether Java's `trim()` plus collapsing blank runs (`\s+` or `StringTokenizer` on space, TAB, LF,
  /// CR, FF; VT for `\s`) to one space leaves the text as it is.
  static func survivesTextTrim(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    if let first = scalars.first, first.value <= 0x20 { return false }
    if let last = scalars.last, last.value <= 0x20 { return false }
    var previousSpace = false
    for scalar in scalars {
      switch scalar.value {
      case 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
      case 0x20:
        if previousSpace { return false }
        previousSpace = true
      default: previousSpace = false
      }
    }
    return true
  }

  private static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
