import MailModel
import SystemPackage
import Testing

@Suite struct LocatedErrorTests {
  @Test func descriptionIsLocationThenMessage() {
    let here = SourceLocation(file: "in.mbox", offset: 12)
    #expect(MailModelError("bad header", at: here).description == "in.mbox (byte 12): bad header")
    #expect(
      MailModelError("bad line", at: SourceLocation(file: "a.csv", line: 3)).description
        == "a.csv:3: bad line")
    #expect(MailModelError("no location").description == "no location")
  }

  @Test func theCauseFollowsInParenthesesUnlessTheMessageQuotesIt() {
    let cause = Errno.permissionDenied
    let location = SourceLocation(file: "out")
    #expect(
      MailModelError("cannot open", at: location, cause: cause).description
        == "out: cannot open (\(cause))")
    #expect(
      MailModelError("cannot open: \(cause)", at: location, cause: cause).description
        == "out: cannot open: \(cause)")
    #expect(MailModelError("cannot open", cause: cause).messageAndCause == "cannot open (\(cause))")
  }

  @Test func theWholeCauseChainIsPrinted() {
    let inner = MailModelError(
      "cannot create the temporary file", at: SourceLocation(file: "d/x.partial-1"),
      cause: Errno.noSuchFileOrDirectory)
    let outer = MailModelError(
      "cannot write the file", at: SourceLocation(file: "d/x"), cause: inner)
    #expect(
      outer.description
        == "d/x: cannot write the file (d/x.partial-1: cannot create the temporary file (\(Errno.noSuchFileOrDirectory)))"
    )
    #expect(outer.causes.count == 2)
    #expect((outer.causes.first as? MailModelError)?.message == "cannot create the temporary file")
    #expect(outer.causes.last as? Errno == .noSuchFileOrDirectory)
    #expect(MailModelError("alone").causes.isEmpty)
  }

  @Test func theCodeComesFromTheCallerTheCauseOrTheDefault() {
    #expect(MailModelError("x").code == .badInput)
    #expect(MailModelError("x", code: .unsupported).code == .unsupported)
    #expect(MailModelError("x", cause: Errno.noSuchFileOrDirectory).code == .notFound)
    #expect(MailModelError("x", code: .io, cause: Errno.noSuchFileOrDirectory).code == .io)
    let located = MailModelError("inner", code: .unsupported)
    #expect(MailModelError("outer", cause: located).code == .unsupported)
    struct Other: Error {}
    #expect(MailModelError("x", cause: Other()).code == .badInput)
  }

  @Test func errnoValuesMapToCodes() {
    #expect(ErrorCode(Errno.noSuchFileOrDirectory) == .notFound)
    #expect(ErrorCode(Errno.notDirectory) == .notFound)
    #expect(ErrorCode(Errno.permissionDenied) == .permissionDenied)
    #expect(ErrorCode(Errno.readOnlyFileSystem) == .permissionDenied)
    #expect(ErrorCode(Errno.fileExists) == .alreadyExists)
    #expect(ErrorCode(Errno.noSpace) == .noSpace)
    #expect(ErrorCode(Errno.ioError) == .io)
    #expect(ErrorCode(causedBy: nil) == nil)
    #expect(ErrorCode.notFound.description == "notFound")
    #expect(ErrorCode("custom") == ErrorCode("custom"))
  }

  /// An error that always knows its place, as `MailStoreError` does.
  struct Placed: AlwaysLocatedError {
    var code: ErrorCode { .unreadable }
    var message: String { "cannot read" }
    var location: MailModel.SourceLocation
    var cause: (any Error)? { nil }
  }

  @Test func anAlwaysLocatedErrorOffersBothLocations() {
    let error = Placed(location: SourceLocation(file: "Maildir"))
    let plain: MailModel.SourceLocation = error.location
    #expect(plain.file == "Maildir")
    let located: any LocatedError = error
    #expect(located.location?.file == "Maildir")
    #expect(error.description == "Maildir: cannot read")
  }
}
