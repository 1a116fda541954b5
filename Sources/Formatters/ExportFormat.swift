/// The output formats of `zmigrate export`, named as Zimbra's `fmt=` values.
public enum ExportFormat: String, CaseIterable, Sendable {
  /// An Atom feed of messages (AtomFormatter).
  case atom
  /// An RSS 2.0 channel of messages (RssFormatter).
  case rss
  /// Contacts as CSV.
  case csv
  /// Calendar items as iCalendar.
  case ics
  /// Free/busy as iCalendar VFREEBUSY.
  case ifb
  /// One message in its raw RFC 822 form.
  case native
  /// One message with Zimbra's sync headers.
  case sync
  /// A `.zip` archive of the folder.
  case zip
  /// A gzip-compressed tar archive of the folder.
  case tgz
  /// An uncompressed tar archive of the folder.
  case tar

  /// The time window used when neither `start` nor `end` is given, nil when the format has
  /// none and exports everything.
  ///
  /// Atom and RSS: 7 days either side of now. Free/busy: 31 days before to 62 days after now.
  /// The issue describes the free/busy window as "−1 month/+2 months"; the server's
  /// `IfbFormatter` defines one month as a constant 31 days, so these are the exact values
  /// (ZIMBRA-IMPORT §5.1), not calendar months.
  public var defaultRange: DefaultTimeRange? {
    switch self {
    case .atom, .rss: DefaultTimeRange(daysBefore: 7, daysAfter: 7)
    case .ifb: DefaultTimeRange(daysBefore: 31, daysAfter: 62)
    case .csv, .ics, .native, .sync, .zip, .tgz, .tar: nil
    }
  }
}
