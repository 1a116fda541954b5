/// A recurrence blob read: the RecurrencePattern of a task, or the AppointmentRecurrencePattern
/// of an appointment with its exceptions ([MS-OXOCAL] 2.2.1.44). Dates and times are local
/// wall-clock minutes since 1601-01-01.
struct OutlookRecurrence: Sendable, Equatable {
  /// How often the pattern repeats.
  enum Frequency: Sendable, Equatable {
    /// 0x200A.
    case daily
    /// 0x200B.
    case weekly
    /// 0x200C.
    case monthly
    /// 0x200D.
    case yearly
  }

  /// Which days the pattern picks.
  enum Pattern: Sendable, Equatable {
    /// Every `period` days (PatternType 0x0000).
    case day
    /// The weekdays of a mask, bit 0 Sunday (0x0001).
    case week(days: UInt32)
    /// A day of the month (0x0002, or 0x000A in the Hijri calendar).
    case month(day: Int, hijri: Bool)
    /// The last day of the month (0x0003, or 0x000C Hijri).
    case monthEnd(hijri: Bool)
    /// The `nth` (1–4, 5 the last) of the weekdays of a mask (0x0004, or 0x000B Hijri).
    case monthNth(days: UInt32, nth: Int, hijri: Bool)
  }

  /// How the series ends.
  enum End: Sendable, Equatable {
    /// After the date of the last occurrence (0x2021).
    case date
    /// After `OccurrenceCount` occurrences (0x2022).
    case count(Int)
    /// Never (0x2023 or 0xFFFFFFFF).
    case never
  }

  /// One modified instance (ExceptionInfo with its ExtendedException).
  struct Exception: Sendable, Equatable {
    /// The new start, local minutes.
    var start: UInt32
    /// The new end, local minutes.
    var end: UInt32
    /// The start the instance had in the series, local minutes.
    var originalStart: UInt32
    /// The override flags (ARO_SUBJECT 0x1, ARO_REMINDERDELTA 0x4, ARO_REMINDER 0x8,
    /// ARO_LOCATION 0x10, ARO_BUSYSTATUS 0x20, ARO_SUBTYPE 0x80, ARO_EXCEPTIONAL_BODY 0x200).
    var flags: UInt16
    /// The changed subject, when ARO_SUBJECT.
    var subject: String?
    /// The changed location, when ARO_LOCATION.
    var location: String?
    /// The changed reminder delta in minutes, when ARO_REMINDERDELTA.
    var reminderDelta: Int?
    /// Whether the reminder is set, when ARO_REMINDER.
    var reminderSet: Bool?
    /// The changed busy status, when ARO_BUSYSTATUS.
    var busyStatus: Int?
    /// Whether the instance is all day, when ARO_SUBTYPE.
    var allDay: Bool?
  }

  /// RecurFrequency.
  var frequency: Frequency
  /// PatternType and its specific fields.
  var pattern: Pattern
  /// Period: minutes for a daily pattern, weeks for a weekly one, months otherwise.
  var period: Int
  /// EndType with OccurrenceCount.
  var end: End
  /// FirstDOW (0 Sunday … 6 Saturday).
  var firstDayOfWeek: Int
  /// DeletedInstanceDates: the local midnight (minutes) of each original date removed or moved.
  var deletedDates: [UInt32]
  /// ModifiedInstanceDates: the local midnight (minutes) of each modified instance's new date.
  var modifiedDates: [UInt32]
  /// StartDate: the local midnight (minutes) of the first occurrence.
  var startDate: UInt32
  /// EndDate: the local midnight (minutes) of the last occurrence.
  var endDate: UInt32
  /// StartTimeOffset: minutes after midnight the instances start (appointments only).
  var startTimeOffset: Int?
  /// EndTimeOffset: minutes after midnight the instances end (appointments only).
  var endTimeOffset: Int?
  /// The modified instances (appointments only).
  var exceptions: [Exception] = []
}

extension OutlookRecurrence {
  /// Why a blob could not be read.
  struct Failure: Error, Sendable, Equatable {
    /// What was wrong.
    var reason: String
  }

  /// The most instances a blob may list, so that nonsense counts cannot make long loops.
  static let maximumListed = 10_000

  /// Reads a task's RecurrencePattern.
  static func task(_ blob: [UInt8]) throws(Failure) -> OutlookRecurrence {
    var reader = OutlookBlobReader(blob)
    return try pattern(&reader)
  }

  /// Reads an appointment's AppointmentRecurrencePattern; a damaged exception tail costs only the
  /// exceptions, reported in `notes`.
  static func appointment(_ blob: [UInt8], codePage: Int, notes: inout [String]) throws(Failure)
    -> OutlookRecurrence
  {
    var reader = OutlookBlobReader(blob)
    var recurrence = try pattern(&reader)
    _ = try reader.u32()  // ReaderVersion2
    let writerVersion2 = try reader.u32()
    let startOffset = Int(try reader.u32())
    let endOffset = Int(try reader.u32())
    guard startOffset < 1440, endOffset >= startOffset else {
      throw Failure(reason: "start/end time offsets \(startOffset)/\(endOffset) out of range")
    }
    recurrence.startTimeOffset = startOffset
    recurrence.endTimeOffset = endOffset
    do throws(Failure) {
      recurrence.exceptions = try exceptions(
        &reader, writerVersion2: writerVersion2, codePage: codePage)
    } catch {
      notes.append("recurrence exceptions unreadable (\(error.reason)); modified instances lost")
    }
    return recurrence
  }

  /// The RecurrencePattern fields.
  private static func pattern(_ reader: inout OutlookBlobReader) throws(Failure)
    -> OutlookRecurrence
  {
    let readerVersion = try reader.u16()
    let writerVersion = try reader.u16()
    guard readerVersion == 0x3004, writerVersion == 0x3004 else {
      throw Failure(reason: "versions 0x\(hex(readerVersion))/0x\(hex(writerVersion)), not 0x3004")
    }
    let frequencyCode = try reader.u16()
    let patternType = try reader.u16()
    _ = try reader.u16()  // CalendarType
    _ = try reader.u32()  // FirstDateTime
    let period = try reader.u32()
    _ = try reader.u32()  // SlidingFlag
    let frequency: Frequency
    switch frequencyCode {
    case 0x200A: frequency = .daily
    case 0x200B: frequency = .weekly
    case 0x200C: frequency = .monthly
    case 0x200D: frequency = .yearly
    default: throw Failure(reason: "unknown frequency 0x\(hex(frequencyCode))")
    }
    let pattern: Pattern
    switch patternType {
    case 0x0000: pattern = .day
    case 0x0001: pattern = .week(days: try reader.u32() & 0x7F)
    case 0x0002, 0x000A:
      pattern = .month(day: Int(try reader.u32()), hijri: patternType == 0x000A)
    case 0x0003, 0x000C:
      _ = try reader.u32()
      pattern = .monthEnd(hijri: patternType == 0x000C)
    case 0x0004, 0x000B:
      let days = try reader.u32() & 0x7F
      pattern = .monthNth(days: days, nth: Int(try reader.u32()), hijri: patternType == 0x000B)
    default: throw Failure(reason: "unknown pattern type 0x\(hex(patternType))")
    }
    let endType = try reader.u32()
    let count = try reader.u32()
    let firstDay = try reader.u32()
    let end: End
    switch endType {
    case 0x2021: end = .date
    case 0x2022: end = .count(Int(count))
    case 0x2023, 0xFFFF_FFFF: end = .never
    default: throw Failure(reason: "unknown end type 0x\(hex(endType))")
    }
    let deleted = try reader.list()
    let modified = try reader.list()
    let startDate = try reader.u32()
    let endDate = try reader.u32()
    let recurrence = OutlookRecurrence(
      frequency: frequency, pattern: pattern, period: Int(period), end: end,
      firstDayOfWeek: Int(firstDay % 7), deletedDates: deleted, modifiedDates: modified,
      startDate: startDate, endDate: endDate)
    try recurrence.validate()
    return recurrence
  }

  /// Rejects combinations no Outlook writes (a zero period, an empty day mask, a bad day).
  private func validate() throws(Failure) {
    guard period > 0 else { throw Failure(reason: "period 0") }
    switch pattern {
    case .day:
      guard period % 1440 == 0 else {
        throw Failure(reason: "daily period of \(period) minutes is not whole days")
      }
    case .week(let days):
      guard days != 0 else { throw Failure(reason: "weekly pattern without a day") }
    case .month(let day, _):
      guard (1...31).contains(day) else { throw Failure(reason: "day of month \(day)") }
    case .monthNth(let days, let nth, _):
      guard days != 0, (1...5).contains(nth) else {
        throw Failure(reason: "monthly pattern: day mask 0x\(String(days, radix: 16)), nth \(nth)")
      }
    case .monthEnd: break
    }
    if case .count(let count) = end, count <= 0 {
      throw Failure(reason: "ends after \(count) occurrences")
    }
  }

  /// The ExceptionInfo array, the reserved block and the ExtendedException array.
  private static func exceptions(
    _ reader: inout OutlookBlobReader, writerVersion2: UInt32, codePage: Int
  ) throws(Failure) -> [Exception] {
    let count = Int(try reader.u16())
    guard count <= maximumListed else { throw Failure(reason: "\(count) exceptions") }
    var exceptions: [Exception] = []
    for _ in 0..<count {
      var exception = Exception(
        start: try reader.u32(), end: try reader.u32(), originalStart: try reader.u32(),
        flags: try reader.u16())
      if exception.flags & 0x0001 != 0 {
        _ = try reader.u16()  // SubjectLength
        let length = Int(try reader.u16())
        exception.subject = MapiText.decode(try reader.bytes(length), codePage: codePage)
      }
      if exception.flags & 0x0002 != 0 { _ = try reader.u32() }  // MeetingType
      if exception.flags & 0x0004 != 0 {
        exception.reminderDelta = Int(Int32(bitPattern: try reader.u32()))
      }
      if exception.flags & 0x0008 != 0 { exception.reminderSet = try reader.u32() != 0 }
      if exception.flags & 0x0010 != 0 {
        _ = try reader.u16()  // LocationLength
        let length = Int(try reader.u16())
        exception.location = MapiText.decode(try reader.bytes(length), codePage: codePage)
      }
      if exception.flags & 0x0020 != 0 { exception.busyStatus = Int(try reader.u32()) }
      if exception.flags & 0x0040 != 0 { _ = try reader.u32() }  // Attachment
      if exception.flags & 0x0080 != 0 { exception.allDay = try reader.u32() != 0 }
      if exception.flags & 0x0100 != 0 { _ = try reader.u32() }  // AppointmentColor
      exceptions.append(exception)
    }
    try reader.skipBlock()  // ReservedBlock1
    for index in exceptions.indices {
      if writerVersion2 >= 0x3009 { try reader.skipBlock() }  // ChangeHighlight
      try reader.skipBlock()  // ReservedBlockEE1
      let flags = exceptions[index].flags
      guard flags & 0x0011 != 0 else { continue }
      _ = try reader.u32()  // StartDateTime
      _ = try reader.u32()  // EndDateTime
      _ = try reader.u32()  // OriginalStartDate
      if flags & 0x0001 != 0 {
        let length = Int(try reader.u16())
        exceptions[index].subject = MapiText.utf16(try reader.bytes(length * 2))
      }
      if flags & 0x0010 != 0 {
        let length = Int(try reader.u16())
        exceptions[index].location = MapiText.utf16(try reader.bytes(length * 2))
      }
      try reader.skipBlock()  // ReservedBlockEE2
    }
    return exceptions
  }

  /// Four hex digits.
  private static func hex(_ value: some BinaryInteger) -> String {
    String(value, radix: 16, uppercase: true)
  }
}

/// Reads little-endian fields from a blob, failing (never trapping) past its end.
struct OutlookBlobReader {
  /// The blob.
  let bytes: [UInt8]
  /// The next byte to read.
  var offset = 0

  /// A reader at the start of `bytes`.
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// The next `count` bytes.
  mutating func bytes(_ count: Int) throws(OutlookRecurrence.Failure) -> [UInt8] {
    guard count >= 0, count <= bytes.count - offset else {
      throw OutlookRecurrence.Failure(
        reason: "truncated at byte \(offset) of \(bytes.count) (\(count) more wanted)")
    }
    defer { offset += count }
    return Array(bytes[offset..<offset + count])
  }

  /// The next 2-byte value.
  mutating func u16() throws(OutlookRecurrence.Failure) -> UInt16 {
    let raw = try bytes(2)
    return UInt16(raw[0]) | UInt16(raw[1]) << 8
  }

  /// The next 4-byte value.
  mutating func u32() throws(OutlookRecurrence.Failure) -> UInt32 {
    let raw = try bytes(4)
    return raw.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
  }

  /// A count then that many 4-byte values.
  mutating func list() throws(OutlookRecurrence.Failure) -> [UInt32] {
    let count = Int(try u32())
    guard count <= OutlookRecurrence.maximumListed, count * 4 <= bytes.count - offset else {
      throw OutlookRecurrence.Failure(reason: "a list of \(count) dates past the blob's end")
    }
    var values: [UInt32] = []
    for _ in 0..<count { values.append(try u32()) }
    return values
  }

  /// A 4-byte size then that many bytes, skipped.
  mutating func skipBlock() throws(OutlookRecurrence.Failure) {
    _ = try bytes(Int(try u32()))
  }
}
