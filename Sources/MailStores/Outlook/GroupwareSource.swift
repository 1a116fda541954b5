import ContactsCalendars
import MailModel
import Outlook

/// Contacts and calendar items a source holds besides its mail (Outlook files), ready for the
/// bundle's contacts and calendar entries.
public struct GroupwareItems: Sendable {
  /// Contacts and contact groups, in the order read.
  public var contacts: [Contact] = []
  /// One VCALENDAR per appointment or task, in the order read.
  public var calendars: [ICalComponent] = []
  /// What converting them noticed (`outlook-lossy` warnings), for the report.
  public var diagnostics: [Diagnostic] = []

  /// No items.
  public init() {}

  /// Whether there is nothing to write.
  public var isEmpty: Bool { contacts.isEmpty && calendars.isEmpty }

  /// Adds the groupware item `item` (a contact, distribution list, appointment or task; other
  /// kinds are left alone), with its notes as warnings at `location`.
  mutating func add(_ item: MapiMessage, location: SourceLocation, label: String) {
    let notes: [String]
    switch MapiMailMapping.kind(of: item) {
    case .contact, .distributionList:
      let converted = OutlookContacts.contact(from: item)
      contacts.append(converted.contact)
      notes = converted.notes
    case .appointment, .task:
      let converted = OutlookCalendar.item(from: item)
      calendars.append(converted.calendar)
      notes = converted.notes
    case .mail, .hidden:
      return
    }
    for note in notes {
      diagnostics.append(
        Diagnostic(.warning, code: "outlook-lossy", label + note, at: location))
    }
  }
}

/// A source that holds groupware items besides mail. `convert` and `verify` read them before
/// the mail (bare contact and calendar entries go first in a bundle); the mail pass lists each
/// of them as not mail (`outlook-groupware`).
public protocol GroupwareSource {
  /// Every contact, distribution list, appointment and task of the source.
  func readGroupware() throws -> GroupwareItems
}

extension MapiItemKind {
  /// Whether the item goes to the contacts or the calendar rather than to the mail.
  var isGroupware: Bool {
    switch self {
    case .contact, .distributionList, .appointment, .task: true
    case .mail, .hidden: false
    }
  }

  /// How the report names a groupware item's destination.
  var groupwareDestination: String {
    switch self {
    case .contact, .distributionList: "the bundle's contacts"
    case .appointment: "the bundle's calendar"
    case .task: "the tasks file beside the bundle"
    case .mail, .hidden: "the mail"
    }
  }
}

extension EmlTreeReader: GroupwareSource {
  /// The contacts, appointments and tasks among the tree's Outlook `.msg` files.
  public func readGroupware() throws -> GroupwareItems {
    try EmlTreeEngine(root: root, options: options).readGroupware()
  }
}

extension EmlxReader: GroupwareSource {
  /// The contacts, appointments and tasks among Outlook `.msg` files met in the tree.
  public func readGroupware() throws -> GroupwareItems {
    try EmlTreeEngine(root: root, options: options).readGroupware()
  }
}

extension MboxTreeReader: GroupwareSource {
  /// The contacts, appointments and tasks among the Outlook `.msg` files of a mixed tree.
  public func readGroupware() throws -> GroupwareItems {
    var items = GroupwareItems()
    for entry in try entries(diagnostics: { _ in }) where entry.kind == .message {
      guard let head = RawFileSystem.head(RawPath(entry.path), count: 8),
        EmlSniff.isCompoundFile(head)
      else { continue }
      MsgFileReader.addGroupware(path: entry.path, to: &items)
    }
    return items
  }
}
