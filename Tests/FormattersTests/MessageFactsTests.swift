import Formatters
import MailModel
import Testing

@Suite struct MessageFactsTests {
  @Test func defaultsAreEmpty() {
    let facts = MessageFacts(folder: .inbox)
    #expect(facts.folder == .inbox)
    #expect(facts.attachments.isEmpty && facts.bodyText.isEmpty && facts.size == 0)
  }
}
