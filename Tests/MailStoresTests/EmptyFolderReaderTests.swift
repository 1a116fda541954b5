import Foundation
import MailModel
import MailStores
import TestSupport
import Testing

/// `readFolders`: every reader lists the folders it finds, those without a message included.
@Suite struct EmptyFolderReaderTests {
  static let mail = Array("From: a@example.com\nSubject: s\n\nbody\n".utf8)
  static let mbox = Array("From a@example.com Mon Jan  2 09:00:00 2023\n".utf8) + mail

  static func paths(_ folders: [FolderPath]) -> [String] { folders.map(\.description) }

  /// A Maildir++ store: INBOX with a message; empty `.Archive`, `.Archive.2023`, nested
  /// `.Archive.2023.Q1`, a modified UTF-7 `.R&AOk-sum&AOk-`, a UTF-8 `.Projekte.Übersicht`
  /// (no `.Projekte` directory); `.Work` with a message.
  static func makeMaildir(_ root: String) throws {
    var files: [String: [UInt8]] = ["cur/1000.A.host:2,S": mail, ".Work/cur/2000.B.host:2,S": mail]
    for folder in [".Archive", ".Archive.2023", ".Archive.2023.Q1", ".R&AOk-sum&AOk-"] {
      files[folder + "/maildirfolder"] = []
    }
    try TestFiles.make(
      root, files,
      directories: [
        "new", "tmp", ".Archive/cur", ".Archive/new", ".Archive.2023/cur", ".Archive.2023.Q1/new",
        ".R&AOk-sum&AOk-/cur", ".Projekte.Übersicht/cur", ".Projekte.Übersicht/new",
      ])
  }

  @Test func maildirListsEmptyFolders() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Self.makeMaildir(temp.path)
    #expect(
      Self.paths(try MaildirReader(root: temp.path).readFolders()) == [
        "INBOX", "Archive", "Archive/2023", "Archive/2023/Q1", "Projekte/Übersicht", "Résumé",
        "Work",
      ])
  }

  @Test func dovecotLeavesOutUnsubscribedFolders() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Self.makeMaildir(temp.path)
    try TestFiles.make(temp.path, ["subscriptions": Array("Archive\nArchive/2023\n".utf8)])
    var options = ReadOptions()
    #expect(try DovecotReader(root: temp.path, options: options).readFolders().count == 7)
    options.subscribedOnly = true
    #expect(
      Self.paths(try DovecotReader(root: temp.path, options: options).readFolders()) == [
        "INBOX", "Archive", "Archive/2023",
      ])
  }

  @Test func mboxTreeListsEmptyFilesAndDirectories() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try TestFiles.make(
      temp.path,
      ["INBOX": Self.mbox, "Work": Self.mbox, "Empty": [], "Ärger": [], "Lists/.hidden": []],
      directories: ["Deep/Sub", ".imap"])
    #expect(
      Self.paths(try MboxTreeReader(root: temp.path).readFolders()) == [
        "Deep", "Deep/Sub", "Empty", "INBOX", "Lists", "Work", "Ärger",
      ])
  }

  @Test func emlTreeListsEmptyDirectories() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try TestFiles.make(
      temp.path, ["a.eml": Self.mail, "Projects/p.eml": Self.mail],
      directories: ["Empty", "Nested/Deeper", "Ünïcode", ".hidden"])
    #expect(
      Self.paths(try EmlTreeReader(root: temp.path).readFolders()) == [
        "INBOX", "Empty", "Nested", "Nested/Deeper", "Projects", "Ünïcode",
      ])
  }

  @Test func oneMboxFileHasNoFoldersOfItsOwn() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try TestFiles.make(temp.path, ["box.mbox": Self.mbox])
    #expect(try MboxReader(path: temp.path + "/box.mbox").readFolders().isEmpty)
  }
}

extension EmptyFolderReaderTests {
  @Test func appleMailListsMailboxesOnly() throws {
    let (temp, root) = try TestFiles.copyFixture("emlx/Mail")
    defer { temp.cleanup() }
    try TestFiles.make(root, [:], directories: ["V10/ACCOUNT/Empty.mbox/Messages"])
    #expect(
      Self.paths(try EmlxReader(root: root).readFolders()) == [
        "INBOX", "Empty", "Projects", "Projects/Alpha", "Sent Messages",
      ])
  }
}
