import Foundation
import MailStores
import ZimbraBundle

/// The reading and folder-mapping choices of a `convert` run, kept in its report so that
/// `verify` can apply exactly the same mapping without being told again.
public struct ConversionSettings: Codable, Sendable, Equatable {
  /// The `--format` asked for (`auto` when it was detected), not the detected format's name.
  public var sourceFormat: String
  /// The time zone identifier for zone-less mbox `From ` line dates (`--mbox-timezone`).
  public var mboxTimezone: String
  /// Whether special folders were mapped onto Zimbra's system folders (false with `--no-automap`).
  public var automap: Bool
  /// The hierarchy separator inside source folder names (`--separator`); nil when none.
  public var separator: String?
  /// The prefix removed from source folder names (`--prefix`); nil when none.
  public var prefix: String?
  /// The Zimbra folder everything went under (`--into`), one component per level; nil for the root.
  public var into: [String]?
  /// The `--folder-map` overrides, source path to Zimbra path; empty when none.
  public var folderMap: [String: String]
  /// Where EML/emlx received dates came from (`received`, `date`, `mtime`); nil for the default
  /// order.
  public var dateFrom: String?
  /// Whether every message was marked unread (`--unread`); nil, read as false, when not recorded.
  public var markAllUnread: Bool?
  /// The separate INBOX spool file (`--inbox`); nil when none.
  public var inboxFile: String?
  /// Whether only subscribed folders were read (`--subscribed-only`); nil, read as false, when not
  /// recorded.
  public var subscribedOnly: Bool?
  /// Whether a PST's orphan and recovered items were read (`--recover`); nil, read as false, when
  /// not recorded.
  public var recoverItems: Bool?
  /// The `--contacts` files; nil when none were given.
  public var contacts: [String]?
  /// The `--calendar` files; nil when none were given.
  public var calendars: [String]?
  /// The fallback time zone identifier for calendar TZIDs (`--calendar-timezone`); nil when none.
  public var calendarTimezone: String?
  /// How contacts rode in the bundle (`vcf` or `csv`); nil when no contacts were given.
  public var contactsEntry: String?
  /// The charset given for contact files (`--contacts-encoding`); nil when detected.
  public var contactsEncoding: String?
  /// `--include` patterns; nil when none.
  public var include: [String]?
  /// `--exclude` patterns; nil when none.
  public var exclude: [String]?
  /// The state file a delta was made against (`--since`); nil for a full run.
  public var since: String?
  /// The newest run of `since` the delta was made against (set once the state is opened).
  public var sinceRun: Int64?
  /// The account the state rows belong to (`batch`: the user); nil for `convert`.
  public var account: String?
  /// `--dedupe` (`folder` or `global`); nil when off.
  public var dedupe: String?

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
    recoverItems = options.read.recoverItems ? true : nil
    contacts = options.contacts.isEmpty ? nil : options.contacts
    calendars = options.calendars.isEmpty ? nil : options.calendars
    calendarTimezone = options.calendarTimeZone?.identifier
    contactsEntry = options.contacts.isEmpty ? nil : options.contactsEntry.rawValue
    contactsEncoding =
      options.contacts.isEmpty || options.contactsEncoding.lowercased() == "auto"
      ? nil : options.contactsEncoding
    include = options.folderFilter.include.isEmpty ? nil : options.folderFilter.include
    exclude = options.folderFilter.exclude.isEmpty ? nil : options.folderFilter.exclude
    since = options.delta.since
    sinceRun = options.delta.baseRun
    account = options.delta.account.isEmpty ? nil : options.delta.account
    dedupe = options.delta.dedupe == .off ? nil : options.delta.dedupe.rawValue
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
    options.read.recoverItems = recoverItems ?? false
    options.folders = FolderMapOptions(
      automap: automap, separator: separator?.first, prefix: prefix, into: into,
      folderMap: folderMap)
    options.contacts = contacts ?? []
    options.calendars = calendars ?? []
    options.contactsEncoding = contactsEncoding ?? "auto"
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
    options.folderFilter.include = include ?? []
    options.folderFilter.exclude = exclude ?? []
    options.delta.since = since
    options.delta.baseRun = since == nil ? nil : sinceRun ?? 0
    options.delta.account = account ?? ""
    if let dedupe {
      guard let scope = DedupeScope(rawValue: dedupe) else {
        throw MigrationError("the report's settings name an unknown --dedupe scope")
      }
      options.delta.dedupe = scope
    }
    return options
  }

  /// The options `verify` checks with, and the report whose settings they came from: the
  /// settings `convert` recorded in `report` (default `<bundle>.report.json`) when the user gave
  /// no reading or folder options of their own, or named the report; else `given`.
  public static func forVerify(given: ConvertOptions, bundle: String, report: String?) throws
    -> (options: ConvertOptions, reportUsed: String?)
  {
    let userChoseSomething = ConversionSettings(given) != ConversionSettings(ConvertOptions())
    let path = report ?? OutputPaths.report(for: bundle)
    if !userChoseSomething || report != nil, let settings = fromReport(at: path) {
      return (try settings.convertOptions(), path)
    }
    return (given, nil)
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
