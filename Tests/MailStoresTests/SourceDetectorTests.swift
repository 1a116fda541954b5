import Foundation
import MailModel
import TestSupport
import Testing

@testable import MailStores

@Suite struct SourceDetectorTests {
  @Test(arguments: [
    ("mbox/mboxrd.mbox", "mbox"),
    ("bad/empty.mbox", "mbox"),
    ("mbox-tree/thunderbird", "mbox-tree"),
    ("maildir", "dovecot-maildir"),  // it carries a dovecot-uidlist and dovecot-keywords
    ("dovecot/maildir-plusplus", "dovecot-maildir"),
    ("dovecot/maildir-fs", "dovecot-maildir"),
    ("dovecot/mbox-home/mail", "dovecot-mbox"),
    ("eml/exchange", "eml-tree"),
    ("eml/readpst", "eml-tree"),
    ("emlx/Mail", "emlx"),
  ])
  func autoDetectionNamesTheFormat(relative: String, format: String) throws {
    let detected = try SourceDetector.open(Fixture.path(relative))
    #expect(detected.format == format)
    #expect(!detected.reason.isEmpty)
  }

  @Test(arguments: [
    ("maildir", SourceFormat.maildir, "maildir"),
    ("mbox-tree/thunderbird", SourceFormat.mbox, "mbox-tree"),
    ("eml/exchange", SourceFormat.eml, "eml-tree"),
    ("emlx/Mail", SourceFormat.emlx, "emlx"),
    ("dovecot/maildir-fs", SourceFormat.dovecot, "dovecot-maildir"),
  ])
  func explicitFormatIsHonoured(relative: String, format: SourceFormat, name: String) throws {
    #expect(try SourceDetector.open(Fixture.path(relative), format: format).format == name)
  }

  @Test(arguments: [
    ("eml/exchange", SourceFormat.maildir),
    ("maildir", SourceFormat.eml),
    ("mbox-tree/thunderbird", SourceFormat.emlx),
    ("eml/exchange", SourceFormat.dovecot),
    ("mbox/mboxrd.mbox", SourceFormat.maildir),
  ])
  func wrongFormatIsAClearError(relative: String, format: SourceFormat) throws {
    let error = #expect(throws: MailStoreError.self) {
      try SourceDetector.open(Fixture.path(relative), format: format)
    }
    #expect(error?.location.file == Fixture.path(relative))
    #expect(error?.message.isEmpty == false)
  }

  @Test(arguments: ["dovecot/sdbox", "dovecot/mdbox"])
  func dboxStopsWithTheDoveadmCommand(relative: String) throws {
    let error = #expect(throws: MailStoreError.self) {
      try SourceDetector.open(Fixture.path(relative))
    }
    #expect(error?.message.contains("doveadm") == true)
    #expect(error?.message.contains("backup") == true)
  }
}
