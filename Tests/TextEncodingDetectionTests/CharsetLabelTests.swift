import Testing
import TextEncodingDetection

@Suite struct CharsetLabelTests {
  @Test(arguments: [
    ("UTF-8", CharsetLabel.utf8), ("utf8", .utf8), ("US-ASCII", .ascii), ("ascii", .ascii),
    ("ISO-8859-1", .latin1), ("iso_8859-1", .latin1), ("ISO8859-1", .latin1), ("Latin1", .latin1),
    ("latin-1", .latin1), ("L1", .latin1), ("Windows-1252", .windows1252), ("CP1252", .windows1252),
    ("x-cp1252", .windows1252), ("cp-1252", .windows1252), ("SHIFT_JIS", .other("SHIFT_JIS")),
    ("koi8-r", .other("koi8-r")),
  ])
  func spellings(label: String, expected: CharsetLabel) {
    #expect(CharsetLabel(label) == expected)
  }
}
