import ContactsCalendars
import Foundation
import MailModel

/// One appointment or meeting mapped: its `VTIMEZONE`, its `VEVENT` and one `VEVENT` per
/// modified instance.
struct OutlookEventMapping {
  /// The components, `VTIMEZONE` first.
  var components: [ICalComponent] = []

  /// How times are written: in a zone (TZID and local times) or in UTC.
  struct Clock {
    /// The item's zone, nil to write UTC.
    var timeZone: OutlookTimeZone?
    /// The zone for conversions (UTC when there is none).
    var zone: ICalZone

    /// A DATE-TIME property at a UTC instant.
    func line(_ name: String, utc: Int64) -> ICalContentLine {
      guard let timeZone else {
        return ICalContentLine(name: name, value: OutlookCalendar.utcText(utc))
      }
      let local = utc + Int64(zone.offset(atUTC: Double(utc)))
      return line(name, local: local, in: timeZone)
    }

    /// A DATE-TIME property at local wall-clock seconds.
    func line(_ name: String, local: Int64) -> ICalContentLine {
      guard let timeZone else {
        return ICalContentLine(name: name, value: OutlookCalendar.utcText(local))
      }
      return line(name, local: local, in: timeZone)
    }

    /// A DATE-TIME property with TZID.
    private func line(_ name: String, local: Int64, in timeZone: OutlookTimeZone)
      -> ICalContentLine
    {
      ICalContentLine(
        name: name, parameters: [ICalParameter(name: "TZID", values: [timeZone.name])],
        value: OutlookCalendarTime.dateTimeText(seconds: local))
    }

    /// A DATE property.
    func dateLine(_ name: String, days: Int) -> ICalContentLine {
      ICalContentLine(
        name: name, parameters: [ICalParameter(name: "VALUE", values: ["DATE"])],
        value: OutlookCalendarTime.dateText(days: days))
    }

    /// Local wall-clock seconds of a UTC instant.
    func local(utc: Int64) -> Int64 { utc + Int64(zone.offset(atUTC: Double(utc))) }

    /// The UTC instant of local wall-clock seconds.
    func utc(local: Int64) -> Int64 { Int64(zone.utc(fromLocal: Double(local))) }
  }

  /// Maps `message`, adding notes for what is lost.
  init(_ message: MapiMessage, notes: inout [String]) {
    let bag = message.properties
    let allDay = bag.bool(.appointmentSubType) ?? false
    var recurrence: OutlookRecurrence?
    if let blob = bag.binary(.appointmentRecur), !blob.isEmpty {
      do throws(OutlookRecurrence.Failure) {
        recurrence = try OutlookRecurrence.appointment(blob, codePage: bag.codePage, notes: &notes)
      } catch {
        notes.append("recurrence pattern unreadable (\(error.reason)); written as one occurrence")
      }
    } else if bag.bool(.recurring) == true {
      notes.append("marked recurring without a recurrence pattern; written as one occurrence")
    }
    if let pattern = recurrence?.pattern, pattern.isHijri {
      notes.append("Hijri calendar recurrence has no iCalendar rule; written as one occurrence")
      recurrence = nil
    }
    var start = bag.time(.appointmentStartWhole)
    var end = bag.time(.appointmentEndWhole)
    let year =
      start.map { MailDate.civil(days: OutlookCalendarTime.days(seconds: $0)).year } ?? 2000
    var timeZone = Self.timeZone(of: bag, year: year)
    if timeZone == nil, let recurrence, let start, let offset = recurrence.startTimeOffset {
      // No zone stored: the pattern's local start and the UTC start tell the offset.
      let local =
        OutlookCalendarTime.seconds(fromMinutes: recurrence.startDate) + Int64(offset) * 60
      let minutes = Int(local - start) / 60
      if abs(minutes) <= 14 * 60 {
        timeZone = OutlookTimeZone(fixedOffsetMinutes: minutes)
        notes.append(
          "no time zone stored; the series uses the fixed offset \(timeZone?.name ?? "")")
      }
    }
    let clock = Clock(timeZone: timeZone, zone: timeZone?.zone ?? .fixed(seconds: 0))
    if let recurrence, let startOffset = recurrence.startTimeOffset,
      let endOffset = recurrence.endTimeOffset
    {
      let day = OutlookCalendarTime.seconds(fromMinutes: recurrence.startDate)
      start = clock.utc(local: day + Int64(startOffset) * 60)
      end = clock.utc(local: day + Int64(endOffset) * 60)
    }
    guard let start else {
      notes.append("no start time; the appointment is not converted")
      return
    }
    if let timeZone { components.append(timeZone.vtimezone) }
    var event = ICalComponent(name: "VEVENT")
    event.properties = OutlookCalendar.commonProperties(message, notes: &notes)
    let endTime = max(start, end ?? start)
    if allDay {
      let startDay = OutlookCalendarTime.days(seconds: clock.local(utc: start))
      let endDay = OutlookCalendarTime.days(seconds: clock.local(utc: endTime))
      event.properties.append(clock.dateLine("DTSTART", days: startDay))
      event.properties.append(clock.dateLine("DTEND", days: max(endDay, startDay + 1)))
    } else {
      event.properties.append(clock.line("DTSTART", utc: start))
      event.properties.append(clock.line("DTEND", utc: endTime))
    }
    if let location = bag.string(.location), !location.isEmpty {
      event.properties.append(
        ICalContentLine(name: "LOCATION", value: ICalendarReader.escapeText(location)))
    }
    event.properties += Self.busyLines(Int(bag.integer(.busyStatus) ?? 2))
    let stateFlags = bag.integer(.appointmentStateFlags) ?? 0
    if stateFlags & 0x4 != 0 {
      event.properties.append(ICalContentLine(name: "STATUS", value: "CANCELLED"))
    }
    if recurrence == nil, let id = bag.binary(.globalObjectID), id.count >= 20,
      id[16..<20].contains(where: { $0 != 0 })
    {
      // A meeting item about one instance of a series: the id carries the instance's date and
      // PidLidExceptionReplaceTime its original start.
      if let replaced = bag.time(.exceptionReplaceTime) {
        event.properties.append(
          allDay
            ? clock.dateLine(
              "RECURRENCE-ID", days: OutlookCalendarTime.days(seconds: clock.local(utc: replaced)))
            : clock.line("RECURRENCE-ID", utc: replaced))
      } else {
        notes.append("an instance of a series without its original start; written as an event")
      }
    }
    if let sequence = bag.integer(.appointmentSequence), sequence > 0 {
      event.properties.append(ICalContentLine(name: "SEQUENCE", value: String(sequence)))
    }
    event.properties += Self.people(message, isMeeting: stateFlags & 0x1 != 0, notes: &notes)
    let reminderMinutes =
      bag.bool(.reminderSet) == true ? Int(bag.integer(.reminderDelta) ?? 15) : nil
    if let reminderMinutes {
      event.components.append(OutlookCalendar.alarm(minutesBefore: reminderMinutes))
    }
    var exceptionEvents: [ICalComponent] = []
    if let recurrence {
      let rule = OutlookRecurrenceRule(recurrence, clock: clock, allDay: allDay)
      event.properties += rule.lines
      var bodies: [Int64: String] = [:]
      for attachment in message.attachments {
        guard let embedded = OutlookCalendar.exceptionMessage(in: attachment),
          let replaced = embedded.properties.time(.exceptionReplaceTime)
        else { continue }
        var ignored: [String] = []
        if let text = MapiBodies(embedded, notes: &ignored).text {
          bodies[replaced] = text
        }
      }
      exceptionEvents = rule.exceptionEvents(
        of: event, reminderMinutes: reminderMinutes, bodies: bodies, notes: &notes)
    }
    components.append(event)
    components += exceptionEvents
  }

  /// The item's zone: the start display TZDEFINITION, else the TZSTRUCT named by its description.
  static func timeZone(of bag: MapiPropertyBag, year: Int) -> OutlookTimeZone? {
    if let blob = bag.binary(.timeZoneDefinitionStart),
      let zone = OutlookTimeZone(timeZoneDefinition: blob, year: year)
    {
      return zone
    }
    if let blob = bag.binary(.timeZoneStruct) {
      let description = bag.string(.timeZoneDescription)?.trimmingCharacters(in: .whitespaces)
      let provisional = OutlookTimeZone(timeZoneStruct: blob, name: "zone")
      let fallbackName = provisional.map {
        "UTC" + OutlookTimeZone.offsetText($0.standardOffset)
      }
      let name = description.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackName ?? ""
      return OutlookTimeZone(timeZoneStruct: blob, name: name)
    }
    return nil
  }

  /// TRANSP and X-MICROSOFT-CDO-BUSYSTATUS of PidLidBusyStatus.
  static func busyLines(_ status: Int) -> [ICalContentLine] {
    let names = ["FREE", "TENTATIVE", "BUSY", "OOF", "WORKINGELSEWHERE"]
    let name = names.indices.contains(status) ? names[status] : "BUSY"
    return [
      ICalContentLine(name: "TRANSP", value: status == 0 ? "TRANSPARENT" : "OPAQUE"),
      ICalContentLine(name: "X-MICROSOFT-CDO-BUSYSTATUS", value: name),
    ]
  }

  /// ORGANIZER and ATTENDEEs of a meeting (an item flagged asfMeeting or with recipients).
  static func people(_ message: MapiMessage, isMeeting: Bool, notes: inout [String])
    -> [ICalContentLine]
  {
    let bag = message.properties
    let organizerRow = message.recipients.first {
      ($0.integer(.recipientFlags) ?? 0) & 0x2 != 0
    }
    let attendeeRows = message.recipients.filter {
      ($0.integer(.recipientFlags) ?? 0) & 0x2 == 0
    }
    guard isMeeting || !attendeeRows.isEmpty else { return [] }
    var lines: [ICalContentLine] = []
    let organizer =
      address(
        smtp: bag.string(.sentRepresentingSMTPAddress),
        email: bag.string(.sentRepresentingEmailAddress),
        type: bag.string(.sentRepresentingAddressType))
      ?? address(
        smtp: bag.string(.senderSMTPAddress), email: bag.string(.senderEmailAddress),
        type: bag.string(.senderAddressType))
      ?? organizerRow.flatMap(address(of:))
    let organizerName =
      bag.string(.sentRepresentingName) ?? bag.string(.senderName)
      ?? organizerRow?.string(.displayName)
    if let organizer {
      var line = ICalContentLine(name: "ORGANIZER", value: "mailto:" + organizer)
      if let organizerName, !organizerName.isEmpty {
        line.parameters.append(ICalParameter(name: "CN", values: [organizerName]))
      }
      lines.append(line)
    } else {
      notes.append("the organizer has no SMTP address; ORGANIZER left out")
    }
    var dropped: [String] = []
    for row in attendeeRows {
      let name = row.string(.displayName) ?? ""
      guard let mail = address(of: row) else {
        dropped.append(name.isEmpty ? "?" : name)
        continue
      }
      var parameters: [ICalParameter] = []
      if !name.isEmpty { parameters.append(ICalParameter(name: "CN", values: [name])) }
      switch row.integer(.recipientType) {
      case 2: parameters.append(ICalParameter(name: "ROLE", values: ["OPT-PARTICIPANT"]))
      case 3:
        parameters.append(ICalParameter(name: "CUTYPE", values: ["RESOURCE"]))
        parameters.append(ICalParameter(name: "ROLE", values: ["NON-PARTICIPANT"]))
      default: parameters.append(ICalParameter(name: "ROLE", values: ["REQ-PARTICIPANT"]))
      }
      let status: String
      switch row.integer(.recipientTrackStatus) {
      case 2: status = "TENTATIVE"
      case 3: status = "ACCEPTED"
      case 4: status = "DECLINED"
      default: status = "NEEDS-ACTION"
      }
      parameters.append(ICalParameter(name: "PARTSTAT", values: [status]))
      lines.append(
        ICalContentLine(name: "ATTENDEE", parameters: parameters, value: "mailto:" + mail))
    }
    if !dropped.isEmpty {
      notes.append(
        "\(dropped.count) attendee(s) without an SMTP address left out: "
          + dropped.joined(separator: ", "))
    }
    return lines
  }

  /// A recipient row's SMTP address.
  static func address(of row: MapiPropertyBag) -> String? {
    address(
      smtp: row.string(.smtpAddress), email: row.string(.emailAddress),
      type: row.string(.addressType))
  }

  /// The SMTP address among an SMTP-address property and an address of some type.
  static func address(smtp: String?, email: String?, type: String?) -> String? {
    for candidate in [smtp, email] {
      guard let text = candidate?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
        continue
      }
      if candidate == email, let type, !type.isEmpty, type.uppercased() != "SMTP" { continue }
      if text.contains("@") { return text }
    }
    return nil
  }
}

extension OutlookRecurrence.Pattern {
  /// Whether the pattern counts in the Hijri calendar.
  var isHijri: Bool {
    switch self {
    case .day, .week: false
    case .month(_, let hijri), .monthEnd(let hijri), .monthNth(_, _, let hijri): hijri
    }
  }
}
