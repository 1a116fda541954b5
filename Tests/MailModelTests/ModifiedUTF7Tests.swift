import MailModel
import Testing

@Suite struct ModifiedUTF7Tests {
  /// RFC 3501 §5.1.3's example: a mailbox name mixing English, Chinese and Japanese text.
  static let rfcEncoded = "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
  /// The same name decoded: 台北 (U+53F0 U+5317) and 日本語 (U+65E5 U+672C U+8A9E).
  static let rfcDecoded = "~peter/mail/\u{53F0}\u{5317}/\u{65E5}\u{672C}\u{8A9E}"

  @Test func rfc3501Example() {
    #expect(ModifiedUTF7.decode(Self.rfcEncoded) == Self.rfcDecoded)
    #expect(ModifiedUTF7.encode(Self.rfcDecoded) == Self.rfcEncoded)
  }

  /// RFC 3501 §5.1.3: `&` is written `&-`; other printable US-ASCII stands for itself.
  @Test func ampersandAndPrintableASCII() {
    #expect(ModifiedUTF7.encode("Tom & Jerry") == "Tom &- Jerry")
    #expect(ModifiedUTF7.decode("Tom &- Jerry") == "Tom & Jerry")
    #expect(ModifiedUTF7.encode("&") == "&-")
    #expect(ModifiedUTF7.decode("&-&-") == "&&")
    let printable = String(
      (0x20...0x7E).filter { $0 != 0x26 }.map { Character(Unicode.Scalar($0)) })
    #expect(ModifiedUTF7.encode(printable) == printable)
    #expect(ModifiedUTF7.decode(printable) == printable)
    #expect(ModifiedUTF7.encode("") == "")
    #expect(ModifiedUTF7.decode("") == "")
  }

  /// Base64 of UTF-16BE with `,` for `/` and no padding (RFC 3501 §5.1.3, after RFC 2152).
  @Test func encodedRunsOfKnownNames() {
    // U+263A WHITE SMILING FACE, RFC 2152's `Hi Mom -+Jjo--!` in the modified form.
    #expect(ModifiedUTF7.encode("Hi Mom -\u{263A}-!") == "Hi Mom -&Jjo--!")
    #expect(ModifiedUTF7.decode("Hi Mom -&Jjo--!") == "Hi Mom -\u{263A}-!")
    // Ä (U+00C4) and é (U+00E9): 00 C4 00 E9 → AMQA6Q.
    #expect(ModifiedUTF7.encode("\u{C4}rger \u{E9}t\u{E9}") == "&AMQ-rger &AOk-t&AOk-")
    #expect(ModifiedUTF7.encode("\u{C4}\u{E9}") == "&AMQA6Q-")
    // A tab is not printable: it is encoded too (00 09 → AAk).
    #expect(ModifiedUTF7.encode("a\tb") == "a&AAk-b")
    // U+1F600 is the surrogate pair D83D DE00 → 2D3eAA.
    #expect(ModifiedUTF7.encode("\u{1F600}") == "&2D3eAA-")
    #expect(ModifiedUTF7.decode("&2D3eAA-") == "\u{1F600}")
    // `,` stands for base64's `/`: U+FFFF is FF FF → ,,8.
    #expect(ModifiedUTF7.encode("\u{FFFF}") == "&,,8-")
  }

  @Test(arguments: [
    "INBOX", "Sent Items", "Entw\u{FC}rfe", "Gel\u{F6}schte Elemente", "\u{5DE5}\u{4F5C}",
    "\u{41F}\u{430}\u{43F}\u{43A}\u{430}/\u{41F}\u{43E}\u{434}", "a&b&&c", "\u{1F4E7} mail",
    "\u{E9}&\u{E9}", "~peter/mail/\u{53F0}\u{5317}", "tab\there", "\u{7F}\u{80}\u{FFFD}",
  ])
  func roundTrips(_ name: String) {
    let encoded = ModifiedUTF7.encode(name)
    #expect(encoded.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value <= 0x7E })
    #expect(ModifiedUTF7.decode(encoded) == name)
  }

  @Test(arguments: [
    "&U,BTFw",  // unterminated shift
    "&",  // a lone ampersand
    "&*-",  // `*` is not in the alphabet
    "&U/BTFw-",  // `/` is plain base64, not the modified alphabet
    "&AGF-",  // leftover bits are not zero
    "&AGEA-",  // six or more leftover bits
    "&A-",  // fewer than 16 bits
    "&2D0-",  // a lone high surrogate (D83D)
    "&3gA-",  // a lone low surrogate (DE00)
    "caf\u{E9}",  // raw non-ASCII
    "a\tb",  // raw control character
  ])
  func invalidNamesAreRejected(_ name: String) {
    #expect(ModifiedUTF7.decode(name) == nil)
  }
}
