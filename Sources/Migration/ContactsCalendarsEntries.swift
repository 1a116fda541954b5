import ContactsCalendars
import Foundation
import MailModel
import MailStores
import TextEncodingDetection

/// How `--contacts` ride in a bundle: `Contacts/contacts.vcf` (vCard 3.0) or `Contacts/contacts.csv`
/// (zimbra-csv, which Zimbra's archive import reads with every field and tag).
public enum ContactsEntryFormat: String, Codable, Sendable, CaseIterable {
  case vcf, csv
}

/// The contacts and calendar entries of a bundle (`Contacts/contacts.vcf`, `Calendar/calendar.ics`),
/// built from `--contacts` and `--calendar` files, and from the source's own groupware items (an
/// Outlook PST or `.msg` files), the same way by `convert` and `verify`.
public struct ContactsCalendarsEntries {
  /// Bare entries to write before any message (Zimbra rejects bare entries after a `.meta`).
  public var entries: [(name: String, data: [UInt8])] = []
  /// VTODOs, which Zimbra's archive import mishandles: written beside the bundle instead.
  public var tasks: [UInt8]?
  /// Contacts in the contacts entry.
  public var contacts = 0
  /// Events in `Calendar/calendar.ics`.
  public var events = 0
  /// Tasks in `tasks`.
  public var taskCount = 0
  /// What reading the files and rendering the entries noticed, for the report.
  public var diagnostics: [Diagnostic] = []
  /// Contact properties with no Zimbra field, counted by name.
  public var unmappedContactFields: [String: Int] = [:]

  /// Reads the files and renders the entries, the files' contacts and calendars first, then the
  /// source's `groupware`; `calendarTimeZone` is the writer's fallback zone, `contactsEncoding`
  /// the charset of contact files that are not UTF-8 (`auto`: detected).
  public static func build(
    contacts: [String], calendars: [String], calendarTimeZone: TimeZone? = nil,
    contactsEntry: ContactsEntryFormat = .vcf, contactsEncoding: String = "auto",
    groupware: GroupwareItems = GroupwareItems(), sourceName: String = "source"
  ) throws -> ContactsCalendarsEntries {
    var result = ContactsCalendarsEntries()
    guard let charset = CharsetChoice(name: contactsEncoding) else {
      throw MigrationError(
        "unknown --contacts-encoding '\(contactsEncoding)': give auto or a charset iconv knows")
    }
    let contactsRead = try ContactFiles.read(contacts, charset: charset).result
    let cards = contactsRead.contacts + groupware.contacts
    let contactSources = contacts + (groupware.contacts.isEmpty ? [] : [sourceName])
    result.diagnostics += contactsRead.diagnostics + groupware.diagnostics
    result.unmappedContactFields = contactsRead.unmappedProperties
    if !cards.isEmpty {
      switch contactsEntry {
      case .csv:
        result.entries.append(
          ("Contacts/contacts.csv", [UInt8](try ZimbraContactCSVWriter().write(cards))))
        if let note = ZimbraContactCSVWriter.photoNote(
          cards, file: contactSources.joined(separator: ","))
        {
          result.diagnostics.append(note)
        }
      case .vcf:
        result.entries.append(("Contacts/contacts.vcf", [UInt8](VCardWriter().write(cards))))
        if let note = vCardImportNote(cards, files: contactSources) {
          result.diagnostics.append(note)
        }
      }
      result.contacts = cards.count
    }
    let read = CalendarFiles.read(calendars)
    if let unreadable = read.unreadable.first { throw unreadable }  // convert stops, exit 2
    let components = read.calendars + groupware.calendars
    result.diagnostics += read.diagnostics
    if !components.isEmpty {
      let written = ICalendarWriter(fallbackTimeZone: calendarTimeZone).write(
        components,
        file: (calendars + (groupware.calendars.isEmpty ? [] : [sourceName])).joined(separator: ",")
      )
      result.diagnostics += written.diagnostics
      if let events = written.events {
        result.entries.append(("Calendar/calendar.ics", events))
        result.events = written.eventCount
      }
      result.tasks = written.tasks
      result.taskCount = written.taskCount
    }
    return result
  }

  /// A warning naming what Zimbra's vCard import would not turn into contact fields, with counts, or
  /// nil when it takes everything.
  static func vCardImportNote(_ cards: [Contact], files: [String]) -> Diagnostic? {
    var dropped: [String: Int] = [:]
    var contacts = 0
    for card in cards {
      let names = VCardWriter.fieldsZimbraVCardImportDrops(card)
      if !names.isEmpty { contacts += 1 }
      for name in names { dropped[name, default: 0] += 1 }
    }
    guard contacts > 0 else { return nil }
    let list = dropped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
      separator: ", ")
    return Diagnostic(
      .warning, code: "vcard-import-drops",
      "\(contacts) contact(s) have fields Zimbra's vCard import keeps only as hidden extras (\(list)); --contacts-entry csv carries them as Contacts/contacts.csv, which keeps them",
      at: SourceLocation(file: files.joined(separator: ",")))
  }
}
