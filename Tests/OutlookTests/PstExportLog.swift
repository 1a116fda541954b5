import Foundation
import TestSupport

/// What `pffexport -m items -l LOG` (libpff's own exporter) wrote about one PST: the folders it
/// created, the items it exported into each, the items it skipped, and each item's directory.
struct PstExportLog {
  /// One folder pffexport exported (not the root, which is the export directory itself).
  struct Folder: Hashable {
    /// libpff's identifier of the folder.
    var identifier: UInt32
    /// The parent folder's identifier, nil for a child of the root folder.
    var parent: UInt32?
    /// The folder name pffexport read ("Saving folder with name: …"), empty when none.
    var name: String
  }

  /// One item pffexport exported from a folder.
  struct Item {
    /// libpff's identifier of the item.
    var identifier: UInt32
    /// The folder's identifier, nil for the root folder.
    var folder: UInt32?
    /// What pffexport called it (`email`, `contact`, `appointment`, …).
    var kind: String
    /// The directory pffexport wrote the item into.
    var directory: String
    /// The recipient count pffexport saved (`Saving Nrecipient(s)`), 0 when it saved none.
    var recipients: Int
  }

  /// The exported folders, by identifier.
  var folders: [UInt32: Folder] = [:]
  /// The exported folder items (embedded messages excluded), by identifier.
  var items: [UInt32: Item] = [:]
  /// The directory pffexport wrote each folder into, by identifier (not the root folder, whose
  /// properties pffexport does not dump).
  var folderDirectories: [UInt32: String] = [:]
  /// The message class of every item pffexport skipped (`Skipped export of item: …`).
  var skippedTypes: [String] = []

  /// Whether `pffexport` is installed.
  static let toolIsPresent: Bool =
    (try? ExternalProgram.run("/usr/bin/env", ["pffexport", "-V"]).status) == 0

  /// Runs pffexport on `file` into `directory` and reads its log; with `dumpingValues` (`-d`,
  /// every format) it also dumps each item's values (`ItemValues.txt`).
  init(exporting file: String, into directory: URL, dumpingValues: Bool = false) throws {
    let target = directory.appendingPathComponent("x").path
    let logPath = directory.appendingPathComponent("export.log").path
    let mode = dumpingValues ? ["-d"] : ["-f", "text"]
    let run = try ExternalProgram.run(
      "/usr/bin/env",
      ["pffexport", "-q"] + mode + ["-m", "items", "-l", logPath, "-t", target, file])
    guard run.status == 0 else {
      throw PstExportLogError(description: "pffexport failed on \(file): \(run.errors)")
    }
    let log = try String(contentsOfFile: logPath, encoding: .utf8)
    self.init(log: log, root: target + ".export")
  }

  /// Reads a pffexport log whose export directory is `root`.
  init(log: String, root: String) {
    // Directory → folder identifier (nil for the root folder).
    var folderOfDirectory: [String: UInt32?] = [root: nil]
    // The folder or item the following lines are about.
    var pendingFolder: Folder?
    var currentItem: UInt32?
    var awaitingDirectory: (kind: String, identifier: UInt32, folder: UInt32?)?
    for line in log.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
      if let processing = Self.processing(line) {
        let parentDirectory = String(processing.path.dropLast())
        currentItem = nil
        guard let parent = folderOfDirectory[parentDirectory] else {
          // An embedded message, under an attachment directory: not a folder item.
          awaitingDirectory = nil
          pendingFolder = nil
          continue
        }
        if processing.kind == "folder" {
          pendingFolder = Folder(identifier: processing.identifier, parent: parent, name: "")
          awaitingDirectory = (processing.kind, processing.identifier, parent)
        } else {
          pendingFolder = nil
          awaitingDirectory = (processing.kind, processing.identifier, parent)
          currentItem = processing.identifier
        }
      } else if let name = Self.value(of: line, after: "Saving folder with name: "),
        pendingFolder != nil
      {
        let end = name.range(of: " as: ", options: .backwards)?.lowerBound ?? name.endIndex
        pendingFolder?.name = String(name[..<end])
      } else if let created = Self.value(of: line, after: "Created directory: "),
        let pending = awaitingDirectory
      {
        let directory = String(created.dropLast())  // the closing "."
        if pending.kind == "folder", let folder = pendingFolder {
          folders[folder.identifier] = folder
          folderOfDirectory[directory] = folder.identifier
          folderDirectories[folder.identifier] = directory
          pendingFolder = nil
        } else {
          items[pending.identifier] = Item(
            identifier: pending.identifier, folder: pending.folder, kind: pending.kind,
            directory: directory, recipients: 0)
        }
        awaitingDirectory = nil
      } else if let saving = Self.value(of: line, after: "Saving "),
        saving.contains("recipient(s)"),
        let item = currentItem
      {
        items[item]?.recipients = Int(saving.prefix { $0.isNumber }) ?? 0
        currentItem = nil
      } else if let skipped = Self.value(of: line, after: "Skipped export of item: "),
        let type = skipped.range(of: " of type: ")
      {
        let rest = skipped[type.upperBound...]
        let end = rest.range(of: " (0x", options: .backwards)?.lowerBound ?? rest.endIndex
        skippedTypes.append(String(rest[..<end]))
      }
    }
  }

  /// The parts of `Processing KIND: NNNNN (identifier: ID) in path: PATH`.
  static func processing(_ line: String) -> (kind: String, identifier: UInt32, path: String)? {
    guard let rest = value(of: line, after: "Processing "),
      let colon = rest.firstIndex(of: ":"),
      let open = rest.range(of: "(identifier: "),
      let close = rest.range(of: ") in path: ")
    else { return nil }
    guard let identifier = UInt32(rest[open.upperBound..<close.lowerBound]) else { return nil }
    return (String(rest[..<colon]), identifier, String(rest[close.upperBound...]))
  }

  /// What follows `prefix` on `line`, nil when the line does not start with it.
  static func value(of line: String, after prefix: String) -> Substring? {
    line.hasPrefix(prefix) ? line.dropFirst(prefix.count) : nil
  }

  /// The `Name:\t\t…value` lines of an `OutlookHeaders.txt`, by name.
  static func headers(in directory: String) -> [String: String] {
    let path = directory + "/OutlookHeaders.txt"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
    var result: [String: String] = [:]
    for line in text.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let value = line[line.index(after: colon)...].drop { $0 == "\t" }
      result[String(line[..<colon])] = String(value)
    }
    return result
  }

  /// How many attachments pffexport wrote for the item in `directory` (files and
  /// `AttachmentNNNNN` directories in `Attachments/`).
  static func attachmentCount(in directory: String) -> Int {
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: directory + "/Attachments")) ?? []
    return names.filter { $0 != "ItemValues.txt" }.count
  }
}

/// A failure to run or read pffexport.
struct PstExportLogError: Error, CustomStringConvertible {
  /// What went wrong.
  var description: String
}
