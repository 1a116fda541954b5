import MailModel
import Outlook

/// Turns Outlook items (from a PST or a `.msg` file) into messages, or into diagnostics that say
/// why an item is not one: every item read is a message or a reason (docs/outlook.md).
struct OutlookItems {
  /// The RFC 822 builder, with the file's Exchange-to-SMTP address map.
  var builder = MapiMailBuilder()

  /// The message for `item`, or nil after a diagnostic: hidden items are ignored (not mail);
  /// contacts, distribution lists, appointments and tasks are listed as not mail
  /// (`outlook-groupware`): the source's `readGroupware` converts them.
  /// What the builder could not carry over is a warning. Items with no date of their own take
  /// `fallbackDate` (the file's mtime).
  func message(
    _ item: MapiMessage, folder: FolderPath, sourceID: String, location: SourceLocation,
    fallbackDate: Int64, diagnostics: DiagnosticHandler
  ) -> Message? {
    let itemClass = item.messageClass
    switch MapiMailMapping.kind(of: item) {
    case .hidden(let reason):
      diagnostics(
        Diagnostic(.ignored, code: "outlook-hidden", "\(reason) (\(itemClass))", at: location))
      return nil
    case let kind where kind.isGroupware:
      diagnostics(
        Diagnostic(
          .ignored, code: "outlook-groupware",
          "a groupware item (\(itemClass)), not mail: converted into \(kind.groupwareDestination)",
          at: location))
      return nil
    default:
      break
    }
    let built = builder.build(item)
    for note in built.notes {
      diagnostics(Diagnostic(.warning, code: "outlook-lossy", note, at: location))
    }
    let date = MapiMailMapping.receivedDate(of: item)
    var message = Message(
      folder: folder, bytes: built.bytes, flags: MapiMailMapping.flags(of: item),
      keywords: MapiMailMapping.keywords(of: item), internalDate: date?.seconds ?? fallbackDate,
      dateSource: date?.source ?? .fileMtime, sourceID: sourceID, location: location)
    message.expectedContent = built.expected
    return message
  }
}
