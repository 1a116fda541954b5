import MailModel
import Testing

@testable import TextEncodingDetection

@Suite struct UnclearCharsetErrorTests {
  @Test func itHasItsOwnCodeAndNoCause() {
    let guess = CharsetGuess.guess([0xE9, 0xD7, 0xC1, 0xCE])
    let error = UnclearCharsetError("the file", guess: guess, at: SourceLocation(file: "a.txt"))
    #expect(error.code == .unclearCharset)
    #expect(error.code.description == "unclearCharset")
    #expect(error.cause == nil)
    #expect(error.description == "a.txt: \(error.message)")
    let located: any LocatedError = error
    #expect(located.code == .unclearCharset)
  }
}
