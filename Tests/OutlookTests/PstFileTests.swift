import Foundation
import MailModel
import TestSupport
import Testing

@testable import Outlook

/// The sample PSTs of the shared corpus.
enum PstCorpus {
  /// The file names of `outlook/pst/*.pst`, empty when the corpus is absent.
  static let files: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: Corpus.url("outlook/pst").path)) ?? [])
    .filter { $0.hasSuffix(".pst") }.sorted()

  /// The full path of a sample.
  static func path(_ name: String) -> String { Corpus.url("outlook/pst/\(name)").path }

  /// Whether both the corpus and pffexport are there.
  static var canCompare: Bool { Corpus.isPresent && PstExportLog.toolIsPresent }
}

/// What our reader found in one file, for comparing with pffexport.
struct PstReading {
  /// Every folder.
  var folders: [PstFolder] = []
  /// Every folder item (not associated), with the identifier of its folder.
  var items: [(folder: PstFolder, item: PstItem)] = []
  /// Every message that could not be read.
  var failures: [OutlookError] = []
  /// Every associated item that could not be read.
  var associatedFailures: [OutlookError] = []
  /// How many associated items `forEachItem` yielded in all.
  var associated = 0
  /// The root folder's associated items (pffexport exports them with the root's messages).
  var rootAssociated: [PstItem] = []

  /// Reads everything in `file` through `PstFile`.
  init(_ file: PstFile) throws {
    folders = try file.folders()
    for folder in folders {
      var count = 0
      try file.forEachItem(in: folder, associated: false) { result in
        count += 1
        switch result {
        case .success(let item): items.append((folder, item))
        case .failure(let error): failures.append(error)
        }
      }
      #expect(count == folder.messageCount, "folder \(folder.path)")
      var associatedCount = 0
      try file.forEachItem(in: folder, associated: true) { result in
        associatedCount += 1
        switch result {
        case .success(let item): if folder.route.isEmpty { rootAssociated.append(item) }
        case .failure(let error): associatedFailures.append(error)
        }
      }
      #expect(associatedCount == folder.associatedCount, "folder \(folder.path)")
      associated += associatedCount
    }
  }
}

@Suite struct PstFileTests {
  /// `pffexport`'s `Sep 16, 2020 09:12:55.000000000 UTC` without the fraction, in UTC.
  static func exportTime(_ seconds: Int64?) -> String? {
    guard let seconds else { return nil }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "MMM dd, yyyy HH:mm:ss"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  @Test(
    .enabled(if: PstCorpus.canCompare, "shared corpus or pffexport absent"),
    arguments: PstCorpus.files)
  func foldersAndItemsMatchPffexport(name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try PstExportLog(exporting: PstCorpus.path(name), into: directory.url)
    let file = try PstFile(path: PstCorpus.path(name))
    let reading = try PstReading(file)
    #expect(reading.failures.isEmpty, "\(reading.failures)")

    // The tree: every non-root folder with its parent and name, the root first.
    let root = try #require(reading.folders.first)
    #expect(root.path.isEmpty)
    var ours: Set<PstExportLog.Folder> = []
    for folder in reading.folders.dropFirst() {
      let parent = reading.folders.first { $0.route == folder.route.dropLast() }
      let parentIdentifier = parent?.route.isEmpty == true ? nil : parent?.identifier
      ours.insert(
        .init(identifier: folder.identifier, parent: parentIdentifier, name: folder.path.last ?? "")
      )
    }
    #expect(ours == Set(export.folders.values))

    // Items: pffexport exported each of ours into the same folder, except those it skipped by
    // message class, whose classes must be exactly its skip list.
    // The root folder's items are its descriptor children, associated ones included.
    var skippedClasses: [String] = []
    let rootItems = reading.rootAssociated.map { (folder: root, item: $0) }
    for (folder, item) in reading.items + rootItems {
      if let exported = export.items[item.identifier] {
        #expect(exported.folder == (folder.route.isEmpty ? nil : folder.identifier))
      } else {
        skippedClasses.append(item.message.messageClass)
      }
    }
    #expect(skippedClasses.sorted() == export.skippedTypes.sorted())
    let identifiers = (reading.items + rootItems).map(\.item.identifier)
    #expect(Set(identifiers).isSuperset(of: export.items.keys))

    // Per message: subject, times, recipients and attachments as pffexport wrote them.
    for (_, item) in reading.items + rootItems {
      guard let exported = export.items[item.identifier] else { continue }
      let properties = item.message.properties
      let label = "\(name) item \(item.identifier)"
      #expect(
        PstExportLog.attachmentCount(in: exported.directory) == item.message.attachments.count,
        "\(label)")
      #expect(exported.recipients == item.message.recipients.count, "\(label)")
      let headers = PstExportLog.headers(in: exported.directory)
      guard !headers.isEmpty else { continue }
      #expect(headers["Subject"] == properties.string(.subject), "\(label)")
      for (header, tag) in [
        ("Client submit time", MapiPropertyName.clientSubmitTime), ("Delivery time", .deliveryTime),
      ] {
        let shown = headers[header].map { String($0.prefix { $0 != "." }) }
        #expect(shown == Self.exportTime(properties.time(tag)), "\(label) \(header)")
      }
    }
  }

  @Test(
    .enabled(if: PstCorpus.canCompare, "shared corpus or pffexport absent"),
    arguments: PstCorpus.files)
  func attachmentsMatchPffexportFiles(name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try PstExportLog(exporting: PstCorpus.path(name), into: directory.url)
    let file = try PstFile(path: PstCorpus.path(name))
    for folder in try file.folders() {
      try file.forEachItem(in: folder, associated: false) { result in
        guard case .success(let item) = result, let exported = export.items[item.identifier]
        else { return }
        Self.compare(item.message, with: exported.directory, label: "\(name) \(item.identifier)")
      }
    }
  }

  /// Checks `message`'s attachments against the files and directories pffexport wrote in
  /// `directory/Attachments`: the bytes of each by-value attachment (`N_name` or
  /// `AttachmentNNNNN`, N counting from 1), and each embedded message's subject and attachments,
  /// recursively.
  static func compare(_ message: MapiMessage, with directory: String, label: String) {
    let attachments = directory + "/Attachments"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: attachments)) ?? []
    for (index, attachment) in message.attachments.enumerated() {
      let number = index + 1
      let digits = String(number)
      let numbered = "Attachment" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
      guard let entry = names.first(where: { $0.hasPrefix("\(number)_") || $0 == numbered }) else {
        Issue.record("\(label): attachment \(number) not exported")
        continue
      }
      let path = attachments + "/" + entry
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      if let embedded = attachment.embeddedMessage {
        let inner = (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted().first
        guard isDirectory.boolValue, let inner else {
          Issue.record("\(label): embedded attachment \(number) not exported as a directory")
          continue
        }
        let headers = PstExportLog.headers(in: path + "/" + inner)
        #expect(headers["Subject"] == embedded.properties.string(.subject), "\(label) \(number)")
        compare(embedded, with: path + "/" + inner, label: "\(label)/\(number)")
      } else {
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        #expect(bytes == attachment.properties.binary(.attachData), "\(label) \(number)")
      }
    }
  }

  /// The `Password checksum:` pffinfo shows for `name`: a number, or nil for `N/A`.
  static func pffinfoPasswordChecksum(_ name: String) throws -> UInt32? {
    let run = try ExternalProgram.run("/usr/bin/env", ["pffinfo", PstCorpus.path(name)])
    let text = String(decoding: run.output, as: UTF8.self)
    let line = text.split(separator: "\n").first { $0.contains("Password checksum:") }
    let value = line?.split(separator: "\t").last.map(String.init) ?? ""
    return value.hasPrefix("0x") ? UInt32(value.dropFirst(2), radix: 16) : nil
  }

  @Test(.enabled(if: PstCorpus.canCompare, "shared corpus or pff-tools absent"))
  func passwordIsOnlyAChecksumLibpffReadsThrough() throws {
    // A PST password is a CRC in the message store (PR_PST_PASSWORD 0x67FF); libpff ignores it.
    let name = "rjohnsondev-passworded.pst"
    let checksum = try #require(try Self.pffinfoPasswordChecksum(name))
    let file = try PstFile(path: PstCorpus.path(name))
    let store = try file.storeProperties()
    #expect(store.integer(.tag(0x67FF)).map { UInt32(truncatingIfNeeded: $0) } == checksum)
    let reading = try PstReading(file)
    #expect(reading.failures.isEmpty)
    #expect(!reading.items.isEmpty)
    #expect(reading.items.allSatisfy { !$0.item.message.properties.properties.isEmpty })
    // pffinfo shows N/A where the store holds no checksum (0 or absent).
    let plain = "rjohnsondev-dist-list.pst"
    #expect(try Self.pffinfoPasswordChecksum(plain) == nil)
    #expect(
      (try PstFile(path: PstCorpus.path(plain)).storeProperties().integer(.tag(0x67FF))) ?? 0 == 0)
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func embeddingDepthIsGuarded() throws {
    // The one message of msgInMsg embeds one message (pffexport writes Attachment00001/Message00001).
    let file = try PstFile(path: PstCorpus.path("rubymsg-msgInMsg.pst"))
    let folder = try #require(try file.folders().first { $0.messageCount > 0 })
    let item = try PstFile.item(at: 0, of: try file.folder(at: folder.route), associated: false)
    let limit = PstFile.maximumEmbeddingDepth
    let nested = try file.readMessage(item, codePage: 1252, depth: limit - 1)
    #expect(nested.attachments.contains { $0.embeddedMessage != nil })
    #expect(throws: PffFailure.self) { try file.readMessage(item, codePage: 1252, depth: limit) }
  }

  @Test func notAPstThrowsNamingThePath() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.url.appendingPathComponent("not-a-pst.pst").path
    try Data("This is a text file, not a Personal Folder File.\n".utf8).write(
      to: URL(fileURLWithPath: path))
    do {
      _ = try PstFile(path: path)
      Issue.record("a text file opened as a PST")
    } catch let error as OutlookError {
      #expect("\(error)".contains(path))
      #expect(error.location.file == path)
    }
  }
}
