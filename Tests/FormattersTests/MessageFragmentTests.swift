import Testing

@testable import Formatters

@Suite struct MessageFragmentTests {
  @Test func signatureEndsTheFragment() throws {
    let structure = MimeStructure(bytes: try exportFixture("plain.eml"))
    #expect(structure.fragment() == "Hi Bob, shall we meet at noon?")
  }

  @Test func quoteHeaderAndQuotesAreSkipped() {
    let body = "On Monday, Ann wrote:\n> old text\n> more\nMy answer.\n\nThanks"
    #expect(MessageFragment.make(from: body) == "My answer. Thanks")
  }

  @Test func laterQuotesLeaveAnEllipsis() {
    let body = "Yes, I agree.\n\nSee you then.\nAnn wrote:\n> old\nAnd another thing."
    #expect(
      MessageFragment.make(from: body) == "Yes, I agree. See you then. ... And another thing.")
    // Zimbra takes two lines ending in `:` as a quote header ("On Monday,\nAnn wrote:").
    #expect(MessageFragment.make(from: "Yes.\nAnn wrote:\n> old\nMore.") == "More.")
  }

  @Test func originalMessageMarkerStops() {
    #expect(MessageFragment.make(from: "Fine\r\n-----Original Message-----\r\nFrom: x") == "Fine")
    #expect(
      MessageFragment.make(from: "-- Original Message --\nFrom: a@b\nTo: c@d\n\nThe old text")
        == "-- Original Message -- The old text")
  }

  @Test func longTextIsCutAtASpace() {
    let body = String(repeating: "word ", count: 60) + "\n\tlast ====== line"
    let fragment = MessageFragment.make(from: body)
    #expect(fragment.hasSuffix(" ...") && fragment.count <= 154)
    #expect(fragment == String(repeating: "word ", count: 30).dropLast() + " ...")
    #expect(MessageFragment.make(from: "a   b\t\tc ------ d") == "a b c -- d")
  }
}
