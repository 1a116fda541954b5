import Foundation
import MailModel
import MailStores
import ZimbraBundle

/// The messages of a mail source or of a bundle, each with its Zimbra folder path and its
/// offline id (its 1-based place in read order), streamed one at a time.
struct ExportMessages {
  /// One message as the export sees it.
  struct Item {
    /// The message, with `folder` set to its Zimbra folder.
    var message: Message
    /// The id `native`/`sync` and the archive names use.
    var id: Int
  }

  /// Thrown by a body to stop the walk early (a `native` export that found its message).
  struct Stop: Error {}

  let path: String
  let options: ConvertOptions

  /// Whether `path` is a bundle zmigrate wrote (or any Zimbra archive): a `.tgz`, `.tar.gz`,
  /// `.tar` or `.zip` file, or a directory holding `.meta` entries in its first two levels.
  static func isBundle(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return false
    }
    if !isDirectory.boolValue {
      return [".tgz", ".tar.gz", ".tar", ".zip"].contains { path.lowercased().hasSuffix($0) }
    }
    let manager = FileManager.default
    let top = (try? manager.contentsOfDirectory(atPath: path)) ?? []
    if top.contains(where: { $0.hasSuffix(".meta") }) { return true }
    return top.prefix(200).contains { name in
      ((try? manager.contentsOfDirectory(atPath: path + "/" + name)) ?? []).contains {
        $0.hasSuffix(".meta")
      }
    }
  }

  /// Calls `body` for every message in read order; a body that throws `Stop` ends the walk.
  /// Returns how many messages were read.
  @discardableResult
  func forEach(diagnostics: DiagnosticHandler, _ body: (Item) throws -> Void) throws -> Int {
    var count = 0
    do {
      if Self.isBundle(path) {
        _ = try BundleReader.forEachItem(path) { item in
          guard case .message(let entry) = item else { return }
          let bundled = entry.message
          count += 1
          let message = Message(
            folder: FolderPath(bundled.zimbraPath), bytes: bundled.bytes, flags: bundled.flags,
            keywords: bundled.tags, internalDate: bundled.date, dateSource: .fileMtime,
            sourceID: entry.entry.name,
            location: SourceLocation(file: path + ":" + entry.entry.name))
          try body(Item(message: message, id: count))
        }
      } else {
        var pipeline = try MessagePipeline(source: path, options: options, plans: false)
        try pipeline.run(diagnostics: diagnostics) { item in
          count += 1
          var message = item.message
          message.folder = FolderPath(item.folder.mapped.zimbraPath)
          try body(Item(message: message, id: count))
        }
      }
    } catch is Stop {}
    return count
  }
}
