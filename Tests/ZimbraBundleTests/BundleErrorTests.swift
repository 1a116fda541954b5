import MailModel
import SystemPackage
import Testing
import ZimbraBundle

@Suite struct BundleErrorTests {
  @Test func descriptionKeepsItsFormat() {
    let full = BundleError("bad header", path: "a.tgz", offset: 512, errno: .ioError)
    #expect(full.description == "a.tgz (byte 512): bad header (\(Errno.ioError))")
    #expect(BundleError("truncated", offset: 7).description == "byte 7: truncated")
    #expect(BundleError("write after finish").description == "write after finish")
    #expect(BundleError("gone", path: "x.zip").description == "x.zip: gone")
  }

  @Test func errnoIsTheCauseAndGivesTheCode() {
    var error = BundleError("cannot write output file", path: "o.tgz", errno: .noSpace)
    #expect(error.cause as? Errno == .noSpace)
    #expect(error.errno == .noSpace)
    #expect(error.code == .noSpace)
    #expect(error.location == SourceLocation(file: "o.tgz"))
    error.errno = nil
    #expect(error.cause == nil)
    #expect(BundleError("bad entry").code == .badInput)
    #expect(BundleError("bad entry").location == nil)
    #expect(BundleError("x", code: .unsupported, errno: .ioError).code == .unsupported)
  }
}
