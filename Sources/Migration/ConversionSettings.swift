import Foundation
import MailStores
import ZimbraBundle

/// The reading and folder-mapping choices of a `convert` run, kept in its report so that
/// `verify` can apply exactly the same mapping without being told again.
public struct ConversionSettings: Codable, Sendable, Equatable {
  public var sourceFormat: String
  public var mboxTimezone: String
  public var automap: Bool
  public var separator: String?
  public var prefix: String?
  public var into: [String]?
  public var folderMap: [String: String]
  public var dateFrom: String?
  public var markAllUnread: Bool?
  public var inboxFile: String?
  public var subscribedOnly: Bool?
  public var contacts: [String]?
  public var calendars: [String]?
  public var calendarTimezone: String?
  public var contactsEntry: String?

  /// The settings of `options`.
  public init(_ options: ConvertOptions) {
    sourceFormat = options.sourceFormat.rawValue
    mboxTimezone = options.read.mboxTimeZone.identifier
    automap = options.folders.automap
    separator = options.folders.separator.map { String($0) }
    prefix = options.folders.prefix
    into = options.folders.into
    folderMap = options.folders.folderMap
    dateFrom = options.read.dateFrom?.rawValue
    markAllUnread = options.read.markAllUnread
    inboxFile = options.read.inboxFile
    subscribedOnly = options.read.subscribedOnly
    contacts = options.contacts.isEmpty ? nil : options.contacts
    calendars = options.calendars.isEmpty ? nil : options.calendars
    calendarTimezone = options.calendarTimeZone?.identifier
    contactsEntry = options.contacts.isEmpty ? nil : options.contactsEntry.rawValue
  }

  /// Options that read and map as these settings say (bundle options left at their defaults).
  public func convertOptions() throws -> ConvertOptions {
    var options = ConvertOptions()
    guard let format = SourceFormat(rawValue: sourceFormat),
      let zone = TimeZone(identifier: mboxTimezone)
    else {
      throw MigrationError("the report's settings name an unknown format or time zone")
    }
    options.sourceFormat = format
    options.read = ReadOptions(
      mboxTimeZone: zone, dateFrom: dateFrom.flatMap(DatePreference.init(rawValue:)),
      markAllUnread: markAllUnread ?? false, inboxFile: inboxFile,
      subscribedOnly: subscribedOnly ?? false)
    options.folders = FolderMapOptions(
      automap: automap, separator: separator?.first, prefix: prefix, into: into,
      folderMap: folderMap)
    options.contacts = contacts ?? []
    options.calendars = calendars ?? []
    if let contactsEntry {
      guard let format = ContactsEntryFormat(rawValue: contactsEntry) else {
        throw MigrationError("the report's settings name an unknown contacts entry format")
      }
      options.contactsEntry = format
    }
    if let calendarTimezone {
      guard let zone = TimeZone(identifier: calendarTimezone) else {
        throw MigrationError("the report's settings name an unknown calendar time zone")
      }
      options.calendarTimeZone = zone
    }
    return options
  }

  /// Reads the settings from a conversion report file, or nil when there is none or it has none.
  public static func fromReport(at path: String) -> ConversionSettings? {
    guard let data = FileManager.default.contents(atPath: path),
      let report = try? JSONDecoder().decode(SettingsOnly.self, from: data)
    else { return nil }
    return report.settings
  }

  private struct SettingsOnly: Decodable {
    var settings: ConversionSettings?
  }
}
