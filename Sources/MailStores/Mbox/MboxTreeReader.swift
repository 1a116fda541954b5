import Foundation
import MailModel

/// Reads a directory of mbox files as a folder tree: mutt/Dovecot style (directories are
/// parent folders), Thunderbird (`X` plus `X.sbd/` children, `.msf` summaries ignored),
/// Apple Mail and readpst (`X.mbox/mbox`, `X/mbox`) and KMail (`.X.directory/`).
public struct MboxTreeReader: MailStoreReader {
  /// The directory at the top of the tree; its mbox files are top-level folders.
  public let root: String
  /// Time zone, chunk size and other reading options, passed to each file's `MboxReader`.
  public let options: ReadOptions
  /// Always `mbox-tree`.
  public var formatName: String { "mbox-tree" }

  /// File names and suffixes that are indexes or state, never mail.
  static let indexSuffixes = [
    ".msf", ".snm", ".dat", ".lock", ".idx", ".imap", ".toc", ".summary", ".ids", ".sorted",
  ]
  static let indexNames: Set<String> = [
    ".subscriptions", ".mailboxlist", "subscriptions", ".imap", "msgFilterRules.dat",
  ]

  /// Creates a reader for the mbox tree under the directory `root`.
  public init(root: String, options: ReadOptions = ReadOptions()) {
    self.root = root
    self.options = options
  }

  /// One mbox file and the folder it holds.
  public struct Entry: Sendable {
    /// The folder the file's messages are filed under, derived from its place in the tree.
    public var folder: FolderPath
    /// The full path of the mbox file.
    public var path: String
  }

  /// The mbox files of the tree with their folders, parents before children; non-mail files
  /// are reported through `diagnostics`.
  public func entries(diagnostics: DiagnosticHandler) throws -> [Entry] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw MailStoreError("not a directory", at: SourceLocation(file: root))
    }
    var result: [Entry] = []
    walk(directory: root, parent: [], into: &result, diagnostics: diagnostics)
    result.sort { $0.folder < $1.folder }
    return result
  }

  private func folderName(_ raw: String) -> String {
    if raw.contains("&"), let decoded = ModifiedUTF7.decode(raw) { return decoded }
    return raw
  }

  private func walk(
    directory: String, parent: [String], into result: inout [Entry], diagnostics: DiagnosticHandler
  ) {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      diagnostics(
        Diagnostic(
          .error, code: "unreadable-directory",
          "cannot list directory: \(error.localizedDescription)",
          at: SourceLocation(file: directory)))
      return
    }
    for name in names {
      let path = directory + "/" + name
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        continue
      }
      if isDirectory.boolValue {
        var folder = name
        if name.hasSuffix(".sbd") {
          folder = String(name.dropLast(4))
        } else if name.hasSuffix(".mbox") {
          folder = String(name.dropLast(5))
        } else if name.hasPrefix("."), name.hasSuffix(".directory") {
          folder = String(name.dropFirst().dropLast(10))
        } else if name.hasPrefix(".") {
          diagnostics(
            Diagnostic(
              .ignored, code: "hidden-directory", "hidden directory is not a mail folder",
              at: SourceLocation(file: path)))
          continue
        }
        walk(
          directory: path, parent: parent + [folderName(folder)], into: &result,
          diagnostics: diagnostics)
        continue
      }
      let lower = name.lowercased()
      if Self.indexNames.contains(name)
        || Self.indexSuffixes.contains(where: { lower.hasSuffix($0) })
      {
        diagnostics(
          Diagnostic(
            .ignored, code: "index-file", "index or state file, not mail",
            at: SourceLocation(file: path)))
        continue
      }
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
      let components: [String]
      if name == "mbox" && !parent.isEmpty {
        components = parent  // X.mbox/mbox, readpst X/mbox
      } else if parent.isEmpty && lower == "inbox" {
        components = ["INBOX"]
      } else {
        components = parent + [folderName(name)]
      }
      if size == 0 {
        diagnostics(
          Diagnostic(
            .ignored, code: "empty-mbox", "empty mbox file: folder has no messages",
            at: SourceLocation(file: path)))
        continue
      }
      if MboxReader.looksLikeMbox(path) {
        result.append(Entry(folder: FolderPath(components), path: path))
      } else {
        diagnostics(
          Diagnostic(
            .ignored, code: "not-mbox",
            "not an mbox file (does not start with a 'From ' line); not read",
            at: SourceLocation(file: path, offset: 0)))
      }
    }
  }

  /// Reads every mbox file of the tree, parents first; a file that cannot be read is reported
  /// as an `unreadable-mbox` error diagnostic and the others are still read.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    for entry in try entries(diagnostics: diagnostics) {
      let reader = MboxReader(path: entry.path, folder: entry.folder, options: options)
      do {
        _ = try reader.readFile(diagnostics: diagnostics, handler)
      } catch let error as MailStoreError {
        diagnostics(Diagnostic(.error, code: "unreadable-mbox", error.message, at: error.location))
      }
    }
  }
}
