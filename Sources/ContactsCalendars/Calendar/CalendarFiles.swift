import Foundation
import MailModel

/// Reads several iCalendar/vCalendar files as one calendar, for `zmigrate calendar` and
/// `convert --calendar` alike: a file that cannot be read at all costs that file only.
public enum CalendarFiles {
  /// What reading the files gave.
  public struct Read {
    /// Every VCALENDAR of every readable file, in order.
    public var calendars: [ICalComponent] = []
    /// The readers' diagnostics, and an `unreadable-calendar` error for each file not read.
    public var diagnostics: [Diagnostic] = []
    /// The errors of the files that could not be read at all, in order.
    public var unreadable: [any Error] = []
  }

  /// Reads `paths` in order.
  public static func read(_ paths: [String]) -> Read {
    var result = Read()
    for path in paths {
      do {
        let read = try ICalendarReader().read(path: path)
        result.calendars += read.calendars
        result.diagnostics += read.diagnostics
      } catch {
        result.unreadable.append(error)
        let located = error as? any LocatedError
        result.diagnostics.append(
          Diagnostic(
            .error, code: "unreadable-calendar",
            "\(located?.message ?? "\(error)"); no part of this file is converted",
            at: located?.location ?? SourceLocation(file: path)))
      }
    }
    return result
  }

  /// A free/busy range end given as ISO 8601 UTC (`2024-01-01T00:00:00Z`), in seconds since
  /// 1970; nil when the text is not one.
  public static func utcTime(_ text: String) -> Double? {
    ISO8601DateFormatter().date(from: text)?.timeIntervalSince1970
  }
}
