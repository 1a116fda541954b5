import Foundation

/// A formatter's time window when the caller gives no `start`/`end`: so many milliseconds
/// before and after "now", as Zimbra's formatters compute it (plain millisecond arithmetic).
public struct DefaultTimeRange: Sendable, Equatable {
  /// How far before now the window starts, in milliseconds.
  public var millisecondsBefore: Int64
  /// How far after now the window ends, in milliseconds.
  public var millisecondsAfter: Int64

  /// Creates a window of whole days around now.
  public init(daysBefore: Int64, daysAfter: Int64) {
    self.millisecondsBefore = daysBefore * Self.millisecondsPerDay
    self.millisecondsAfter = daysAfter * Self.millisecondsPerDay
  }

  /// Milliseconds in a day, Zimbra's `Constants.MILLIS_PER_DAY`.
  public static let millisecondsPerDay: Int64 = 86_400_000

  /// The start of the window for a run at `now`.
  public func start(now: Date) -> Date {
    now.addingTimeInterval(-Double(millisecondsBefore) / 1000)
  }

  /// The end of the window for a run at `now`.
  public func end(now: Date) -> Date {
    now.addingTimeInterval(Double(millisecondsAfter) / 1000)
  }
}
