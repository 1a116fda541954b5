import Foundation
import MailModel
import TestSupport
import Testing

@testable import ZimbraBundle

/// Folder output (`DirectoryBundle`): files, modes, mtimes and the errors that name a file.
struct DirectoryBundleTests {
  /// Entries in several folders, read (0644) and unread (0444), with distinct mtimes.
  static let entries: [(name: String, data: [UInt8], mode: UInt32, mtime: Int64)] = [
    ("Contacts/contacts.vcf", Array("BEGIN:VCARD\r\nEND:VCARD\r\n".utf8), 0o644, 1_600_000_000),
    ("Inbox/00000001.eml.meta", Array("{\"id\":1}".utf8), 0o644, 1_700_000_001),
    ("Inbox/00000001.eml", Array("Subject: a\r\n\r\nA\r\n".utf8), 0o444, 1_700_000_001),
    ("Inbox/Projects/00000002.eml.meta", Array("{\"id\":2}".utf8), 0o644, 1_700_000_002),
    ("Inbox/Projects/00000002.eml", Array("Subject: b\r\n\r\nB\r\n".utf8), 0o644, 1_700_000_002),
    ("Inbox/00000003.eml", [], 0o444, 0),
    ("zmigrate-folders/00000001.meta", Array("{\"path\":\"/Empty\"}".utf8), 0o644, 1_700_000_009),
  ]

  /// Every file under `root`: relative name → (permission bits, mtime, bytes).
  static func tree(_ root: String) throws -> [String: (UInt16, Int, [UInt8])] {
    var files: [String: (UInt16, Int, [UInt8])] = [:]
    let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
    for name in names {
      var info = stat()
      try #require(lstat(root + "/" + name, &info) == 0)
      guard info.st_mode & S_IFMT == S_IFREG else { continue }
      let data = try #require(FileManager.default.contents(atPath: root + "/" + name))
      files[name] = (UInt16(info.st_mode & 0o7777), info.st_mtim.tv_sec, [UInt8](data))
    }
    return files
  }

  static func write(_ path: String, umask: mode_t?) throws {
    let bundle = try DirectoryBundle(path: path, umask: umask)
    for entry in entries {
      try bundle.add(name: entry.name, data: entry.data, mode: entry.mode, mtime: entry.mtime)
    }
    try bundle.commit()
  }

  @Test func filesKeepTheirBytesModesAndMtimes() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.write(dir.path + "/out/", umask: DirectoryBundle.currentUmask())
    let tree = try Self.tree(dir.path + "/out")
    let umask = UInt16(DirectoryBundle.currentUmask() ?? 0o022)
    #expect(tree.count == Self.entries.count)
    for entry in Self.entries {
      let file = try #require(tree[entry.name], "\(entry.name)")
      // An unread entry is exactly 0444 whatever the umask; a read one 0644 less the umask.
      #expect(file.0 == (entry.mode == 0o444 ? 0o444 : 0o644 & ~umask), "\(entry.name)")
      #expect(file.1 == Int(entry.mtime), "\(entry.name)")
      #expect(file.2 == entry.data, "\(entry.name)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out.partial-\(getpid())"))
  }

  @Test(arguments: [mode_t(0o777), 0o277])
  func theFchmodPathWritesTheSameTree(umask: mode_t) throws {
    // Creating with the final mode (the umask leaves it whole) and creating 0644 then fchmod (a
    // umask that would cut it, or an unknown umask) give the same files.
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.write(dir.path + "/direct/", umask: DirectoryBundle.currentUmask())
    try Self.write(dir.path + "/chmod/", umask: umask)
    try Self.write(dir.path + "/unknown/", umask: nil)
    let direct = try Self.tree(dir.path + "/direct")
    for other in ["chmod", "unknown"] {
      let tree = try Self.tree(dir.path + "/" + other)
      #expect(Set(tree.keys) == Set(direct.keys))
      for (name, file) in direct {
        let same = tree[name].map { $0.0 == file.0 && $0.1 == file.1 && $0.2 == file.2 }
        #expect(same == true, "\(other)/\(name)")
      }
    }
  }

  @Test func aFileThatCannotBeCreatedIsNamedAndNothingIsLeft() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let bundle = try DirectoryBundle(path: dir.path + "/out/")
    try bundle.add(name: "Inbox/00000001.eml", data: [0x41], mode: 0o644, mtime: 1)
    let error = try #require(
      throws: BundleError.self,
      performing: {
        try bundle.add(name: "Inbox/00000001.eml", data: [0x42], mode: 0o644, mtime: 1)
      })
    #expect(error.path == bundle.temporaryPath + "/Inbox/00000001.eml")
    #expect(error.errno == .fileExists)
    #expect(error.message.hasPrefix("cannot create file"))
    bundle.abandon()
    #expect(!FileManager.default.fileExists(atPath: bundle.temporaryPath))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
  }

  @Test func aFolderThatIsAFileIsNamed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let bundle = try DirectoryBundle(path: dir.path + "/out/")
    try bundle.add(name: "Inbox", data: [0x41], mode: 0o644, mtime: 1)
    let error = try #require(
      throws: BundleError.self,
      performing: {
        try bundle.add(name: "Inbox/Sub/00000001.eml", data: [0x42], mode: 0o444, mtime: 1)
      })
    #expect(error.path == bundle.temporaryPath + "/Inbox/Sub")
    #expect(error.errno == .notDirectory)
    bundle.abandon()
  }
}
