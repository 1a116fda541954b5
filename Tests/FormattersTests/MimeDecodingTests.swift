import Testing

@testable import Formatters

@Suite struct MimeDecodingTests {
  @Test func base64SkipsJunkAndWhitespace() {
    #expect(
      TransferDecoding.base64(Array("SGVs\r\nbG8*gV29y bGQ=".utf8)[...])
        == Array("Hello World".utf8))
    #expect(TransferDecoding.base64(Array("SGk".utf8)[...]) == Array("Hi".utf8))
  }

  @Test func quotedPrintableJoinsSoftBreaks() {
    let encoded = Array("caf=C3=A9 =\r\nau lait  \r\nnext=\nline".utf8)
    #expect(
      TransferDecoding.quotedPrintable(encoded[...]) == Array("café au lait\r\nnextline".utf8))
  }

  @Test func charsetFallsBackWithoutFailing() {
    #expect(TransferDecoding.text([0x4B, 0xF6, 0x6C, 0x6E], charset: "iso-8859-1") == "Köln")
    #expect(TransferDecoding.text([0x4B, 0xF6, 0x6C, 0x6E], charset: "x-unknown") == "Köln")
    #expect(TransferDecoding.text([0x80, 0x20, 0x35], charset: "utf-8") == "€ 5")
    #expect(TransferDecoding.text(Array("Grüße".utf8), charset: nil) == "Grüße")
  }

  @Test func encodedWords() {
    #expect(EncodedWords.decode("=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=") == "Grüße aus Köln")
    #expect(
      EncodedWords.decode("=?UTF-8?B?UmVwb3J0IMO8YmVy?= =?UTF-8?B?IDIwMjY=?=") == "Report über 2026"
    )
    // A character split across two words, and a language tag (RFC 2231 §5).
    #expect(EncodedWords.decode("=?utf-8*de?B?ww==?= =?UTF-8?B?pA==?=") == "ä")
    #expect(EncodedWords.decode("Re: =?utf-8?q?caf=C3=A9?= ok") == "Re: café ok")
    #expect(EncodedWords.decode("=?utf-8?q?a?=  b") == "a  b")
    #expect(EncodedWords.decode("=?bogus?x?abc?= =?utf-8?q?") == "=?bogus?x?abc?= =?utf-8?q?")
    let unclosed = String(repeating: "=?a?q?x", count: 50_000)
    #expect(EncodedWords.decode(unclosed) == unclosed)
  }

  @Test func structuredHeaderParameters() {
    let header = StructuredHeader(
      "Attachment; filename*0*=iso-8859-1'fr'r%E9sum%E9; filename*1=\" final.txt\"; size=12")
    #expect(header.value == "attachment")
    #expect(header.parameters["filename"] == "résumé final.txt")
    #expect(header.parameters["size"] == "12")
    let type = StructuredHeader("Text/HTML (comment); charset = \"UTF-8\"; name=\"a;b.html\"")
    #expect(type.value == "text/html")
    #expect(type.parameters == ["charset": "UTF-8", "name": "a;b.html"])
  }

  @Test func addressLists() {
    let list = AddressList.parse(
      "\"Smith, Carol\" <carol@example.net>, bob@example.org (Bob B), Team: d@x.com, e@x.com;, "
        + "=?UTF-8?Q?J=C3=BCrgen?= <j@x.de>, undisclosed-recipients:;")
    #expect(
      list.map(\.description) == [
        "Smith, Carol <carol@example.net>", "Bob B <bob@example.org>", "d@x.com", "e@x.com",
        "Jürgen <j@x.de>",
      ])
    #expect(
      AddressList.parse("a@x.com b@y.org, Pete <pete(his account)@silly.test(host)>").map(
        \.description)
        == ["a@x.com", "b@y.org", "Pete <pete@silly.test>"])
  }

  @Test func fileNamesAreSanitizedAsZimbraDoes() {
    #expect(MimeStructure.sanitizedFileName("a\tb&#26085;&#x41;&amp;.txt") == "a b日A&amp;.txt")
  }

  @Test func charsetAliasesMailersUse() {
    #expect(TransferDecoding.text([0xC7, 0xD1, 0xB1, 0xDB], charset: "ks_c_5601-1987") == "한글")
  }

  @Test func htmlText() {
    let html =
      "<html><head><style>p {x}</style><title>T</title></head><body><p>Fish &amp; chips"
      + "<br>&lt;now&gt; &#8364;5 &#x41;<!-- hidden --></p><SCRIPT>var a;</script>end</body></html>"
    #expect(HTMLText.text(html) == "\nFish & chips\n<now> €5 A\nend")
  }
}
