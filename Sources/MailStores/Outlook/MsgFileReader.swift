import Foundation
import MailModel
import Outlook

/// Reads one Outlook `.msg` file as a one-message store (its message goes to INBOX). `.msg`
/// files inside an EML tree are read by the tree reader through `message(path:…)`.
public struct MsgFileReader: MailStoreReader, Sendable {
  /// The `.msg` file.
  public let path: String
  /// The options the reader was made with.
  public let options: ReadOptions

  /// A reader of the file at `path`.
  public init(path: String, options: ReadOptions = ReadOptions()) {
    self.path = path
    self.options = options
  }

  /// `msg`.
  public var formatName: String { "msg" }

  /// Calls `handler` with the file's message, unless it is not mail (then a diagnostic says so).
  /// Throws a `MailStoreError` when the file is not a readable `.msg`.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    let item: MapiMessage
    do {
      item = try MsgFile.read(path: path)
    } catch let error as OutlookError {
      throw MailStoreError(error.message, code: error.code, at: error.location, cause: error.cause)
    }
    let name = (path as NSString).lastPathComponent
    if let message = OutlookItems().message(
      item, folder: .inbox, sourceID: name, location: SourceLocation(file: path),
      fallbackDate: PstReader.mtime(path), diagnostics: diagnostics)
    {
      try handler(message)
    }
  }

  /// The message of the `.msg` file at `path` in `folder`, or nil after a diagnostic (an
  /// unreadable file is skipped with code `outlook-unreadable`).
  static func message(
    path: String, folder: FolderPath, sourceID: String, mtime: Int64,
    diagnostics: DiagnosticHandler
  ) -> Message? {
    let location = SourceLocation(file: path)
    do {
      let item = try MsgFile.read(path: path)
      return OutlookItems().message(
        item, folder: folder, sourceID: sourceID, location: location, fallbackDate: mtime,
        diagnostics: diagnostics)
    } catch {
      let text = (error as? OutlookError)?.message ?? "\(error)"
      diagnostics(
        Diagnostic(
          .skipped, code: "outlook-unreadable", "Outlook .msg file not readable: \(text)",
          at: location))
      return nil
    }
  }
}

extension MsgFileReader: GroupwareSource {
  /// The file's item when it is a contact, distribution list, appointment or task.
  public func readGroupware() throws -> GroupwareItems {
    var items = GroupwareItems()
    Self.addGroupware(path: path, to: &items)
    return items
  }

  /// Adds the `.msg` file at `path` to `items` when it is a groupware item; an unreadable file is
  /// left to the mail pass, which reports it.
  static func addGroupware(path: String, to items: inout GroupwareItems) {
    guard let item = try? MsgFile.read(path: path) else { return }
    items.add(item, location: SourceLocation(file: path), label: "")
  }
}
