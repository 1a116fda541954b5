import Testing

@testable import Outlook

/// The content of RTF written as a string (bytes are its UTF-8, which is ASCII in every test).
private func content(_ rtf: String) -> RtfContent {
  RtfBody.content(of: Array(rtf.utf8))
}

@Suite struct RtfBodyTests {
  @Test func copiesHtmlTagsAndTextOutsideHtmlrtf() {
    let rtf = #"""
      {\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}
      {\colortbl\red0\green0\blue0;}
      {\*\htmltag19 <html>}{\*\htmltag34 <head>}{\*\htmltag2 \par }
      {\*\htmltag50 <body>}\htmlrtf {\f0\fs20 \htmlrtf0 Hello {\*\htmltag84 <b>}\htmlrtf\b \htmlrtf0 world\htmlrtf0 {\*\htmltag92 </b>}\htmlrtf }\htmlrtf0
      {\*\htmltag58 </body>}{\*\htmltag27 </html>}}
      """#
    #expect(
      content(rtf) == .html("<html><head>\r\n<body>Hello <b>world</b></body></html>"))
  }

  @Test func dropsParagraphsInsideHtmlrtfButKeepsThemOutside() {
    let rtf = #"""
      {\rtf1\ansi\fromhtml1 {\*\htmltag64}A\htmlrtf \par \htmlrtf0 B\par C\tab D}
      """#
    #expect(content(rtf) == .html("AB\r\nC\tD"))
  }

  @Test func htmlrtfStateIsRestoredWhenAGroupEnds() {
    let rtf = #"{\rtf1\ansi\fromhtml1 X{\htmlrtf Y}Z{\htmlrtf0 W}}"#
    #expect(content(rtf) == .html("XZW"))
  }

  @Test func decodesHexBytesInTheDocumentCodePage() {
    #expect(
      content(#"{\rtf1\ansi\ansicpg1252\fromhtml1 caf\'e9 \'93q\'94}"#) == .html("café “q”"))
    // Shift-JIS 0x82 0xA0 is HIRAGANA LETTER A; both bytes decode together.
    #expect(content(#"{\rtf1\ansi\ansicpg932\fromtext \'82\'a0}"#) == .text("\u{3042}"))
    // The trail byte may be a literal character: 0x83 0x65 ("e") is KATAKANA LETTER TE.
    #expect(content(#"{\rtf1\ansi\ansicpg932\fromtext \'83e}"#) == .text("\u{30C6}"))
  }

  @Test func decodesUnicodeEscapesAndSkipsTheirFallbacks() {
    #expect(content(#"{\rtf1\ansi\fromhtml1\uc1 \u8364? euro}"#) == .html("€ euro"))
    #expect(content(#"{\rtf1\ansi\fromhtml1\uc1 \u8364\'80 euro}"#) == .html("€ euro"))
    #expect(content(#"{\rtf1\ansi\fromhtml1\uc2 \u8364??x}"#) == .html("€x"))
    #expect(content(#"{\rtf1\ansi\fromhtml1\uc0 \u8364 x}"#) == .html("€x"))
    // A negative parameter is the UTF-16 unit plus 65536; surrogates pair.
    #expect(content(#"{\rtf1\ansi\fromtext \u-10179?\u-8704?}"#) == .text("😀"))
  }

  @Test func decodesEscapedBracesAndBackslashes() {
    #expect(
      content(#"{\rtf1\ansi\fromhtml1 {\*\htmltag0 <style>p \{x:1\}</style>}a\\b}"#)
        == .html(#"<style>p {x:1}</style>a\b"#))
  }

  @Test func skipsMhtmltagAndOtherStarredDestinations() {
    let rtf = #"""
      {\rtf1\ansi\fromhtml1 {\*\mhtmltag84 <img src="cid:1">}{\*\htmltag84 <img src="a.png">}{\*\generator x;}ok}
      """#
    #expect(content(rtf) == .html(#"<img src="a.png">ok"#))
  }

  @Test func readsEncapsulatedText() {
    let rtf = #"""
      {\rtf1\ansi\ansicpg1252\fromtext \deff0{\fonttbl{\f0\fswiss Arial;}}
      {\*\generator Riched20;}\uc1\pard\plain\f0\fs20 Line one\par
      Line\tab two\par
      }
      """#
    #expect(content(rtf) == .text("Line one\r\nLine\ttwo\r\n"))
  }

  @Test func rendersNativeRtfAsText() {
    let rtf = #"""
      {\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}{\colortbl;\red255\green0\blue0;}
      {\stylesheet{\s0 Normal;}}{\info{\author Someone}}{\*\company X}
      \pard Hello \b bold\b0\par Second\line line\tab end\emdash\'e9}
      """#
    #expect(content(rtf) == .native("Hello bold\r\nSecond\r\nline\tend—é"))
  }

  @Test func fromhtmlMustBeInTheHeader() {
    // Far past the first ten tokens it is just an unknown word in native RTF.
    let rtf = #"{\rtf1\ansi\a\b\c\d\e\f\g\h\i\j\k\fromhtml1 text}"#
    #expect(content(rtf) == .native("text"))
    #expect(content(#"{\rtf1\ansi\fromhtml0 text}"#) == .native("text"))
  }

  @Test func usesTheSelectedFontsCharset() {
    // Outside tags, \f1 (fcharset 204, code page 1251) decodes 0xCF as П.
    let rtf = #"""
      {\rtf1\ansi\ansicpg1252\fromhtml1 {\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fswiss\fcharset204 Arial Cyr;}}{\*\htmltag0 <p title="\'e9">}{\f1 \'cf}\'e9}
      """#
    #expect(content(rtf) == .html(#"<p title="é">Пé"#))
  }

  @Test func ignoresWhatFollowsTheDocumentGroupAndPlaceholders() {
    let rtf = Array(#"{\rtf1\ansi x{\objattph  {y}}}"#.utf8) + [0x00, 0x41]
    #expect(RtfBody.content(of: rtf) == .native("x"))
  }

  @Test func mapsTheSymbolFontsBulletAndGreek() {
    let rtf = #"""
      {\rtf1\ansi{\fonttbl{\f0 Arial;}{\f6\fnil\fcharset2 Symbol;}}{\pntext\f6\'B7\tab}Item {\f6 a}\'b7}
      """#
    #expect(content(rtf) == .native("\u{2022}\tItem α·"))
  }

  @Test func skippedGroupsHonourEscapedBracesAndBinaryData() {
    #expect(content(#"{\rtf1 a{\*\x \{ \bin2 }} }b{\pict {\bin1 {}ff}c}"#) == .native("abc"))
  }

  @Test func malformedInputNeverCrashes() {
    let samples = [
      "", "{", "}", "}}}{", #"\"#, #"{\rtf1\"#, #"{\rtf1\fromhtml1 \'"#, #"{\rtf1\'4"#,
      #"{\rtf1\u"#, #"{\rtf1\u-"#, #"{\rtf1\u99999999999999999999 x}"#,
      #"{\rtf1\bin99999999 ab}"#, #"{\rtf1\bin-5 ab}"#, String(repeating: "{", count: 100_000),
      #"{\rtf1\fromhtml1 {\*"#, #"{\rtf1\uc99999999999 \u65 abc}"#,
      String(repeating: #"{\*\htmltag1 "#, count: 10_000),
    ]
    for sample in samples {
      switch content(sample) {
      case .html(let text), .text(let text), .native(let text): #expect(text.utf8.count < 100)
      }
    }
  }
}
