import ContactsCalendars
import MailModel

/// An Outlook appointment or task as one VCALENDAR (the VEVENT or VTODO plus the VTIMEZONEs it
/// uses), with what it could not carry.
public struct OutlookCalendarItem: Sendable {
  /// A `VCALENDAR` (VERSION, PRODID) as `CalendarFiles.read` gives one: the `VTIMEZONE` the item
  /// uses, then one `VEVENT` (and one more per modified instance, with `RECURRENCE-ID`) or one
  /// `VTODO`; property values are iCalendar text (escaped).
  public var calendar: ICalComponent
  /// One line per property or part that could not be carried over.
  public var notes: [String]

  /// Creates an item from its calendar and notes.
  public init(calendar: ICalComponent, notes: [String] = []) {
    self.calendar = calendar
    self.notes = notes
  }
}

/// Turns Outlook appointments, meetings and tasks into iCalendar components ([MS-OXOCAL],
/// [MS-OXOTASK], RFC 5545).
public enum OutlookCalendar {
  /// The calendar of an IPM.Appointment item (also meeting items that carry the appointment
  /// properties) or an IPM.Task item.
  public static func item(from message: MapiMessage) -> OutlookCalendarItem {
    var notes: [String] = []
    var components: [ICalComponent]
    if message.messageClass.lowercased().hasPrefix("ipm.task") {
      components = OutlookTaskMapping(message, notes: &notes).components
    } else {
      components = OutlookEventMapping(message, notes: &notes).components
    }
    let items = components.indices.filter { ["VEVENT", "VTODO"].contains(components[$0].name) }
    if let first = items.first, components[first]["UID"] == nil {
      // No global object id: a UID from the item's content, the same for the same item
      // (PR_SEARCH_KEY is not one: copies of an item keep it).
      let digest = SHA256.hash(components[first].serialized)
      let uid = ICalContentLine(name: "UID", value: "outlook-" + hex(Array(digest.prefix(20))))
      for index in items { components[index].properties.insert(uid, at: 0) }
    }
    let calendar = ICalComponent(
      name: "VCALENDAR",
      properties: [
        ICalContentLine(name: "VERSION", value: "2.0"),
        ICalContentLine(name: "PRODID", value: "-//zmigrate//Outlook//EN"),
      ],
      components: components)
    return OutlookCalendarItem(calendar: calendar, notes: notes)
  }

  /// `yyyyMMddTHHmmssZ` of Unix seconds.
  static func utcText(_ seconds: Int64) -> String {
    OutlookCalendarTime.dateTimeText(seconds: seconds) + "Z"
  }

  /// The iCalendar UID of an item: the vCal UID embedded in its (clean) global object id, else the
  /// id in upper-case hex with the instance date zeroed ([MS-OXOCAL] 2.2.1.27, [MS-OXCICAL]);
  /// nil when it has none.
  static func uid(of bag: MapiPropertyBag) -> String? {
    if let id = bag.binary(.cleanGlobalObjectID) ?? bag.binary(.globalObjectID), id.count >= 40 {
      let marker: [UInt8] = Array("vCal-Uid".utf8) + [1, 0, 0, 0]
      let data = id[40...]
      if data.starts(with: marker) {
        let text = data.dropFirst(marker.count).prefix { $0 != 0 }
        if let uid = String(validating: Array(text), as: UTF8.self), !uid.isEmpty {
          return uid
        }
      }
      var clean = id
      for index in 16..<20 { clean[index] = 0 }
      return hex(clean)
    }
    return nil
  }

  /// Upper-case hex of bytes.
  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF")
    var out = ""
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return out
  }

  /// The properties both VEVENT and VTODO carry: UID, DTSTAMP, CREATED, LAST-MODIFIED, SUMMARY,
  /// DESCRIPTION, CATEGORIES, CLASS, PRIORITY.
  static func commonProperties(_ message: MapiMessage, notes: inout [String])
    -> [ICalContentLine]
  {
    let bag = message.properties
    var lines: [ICalContentLine] = []
    if let uid = uid(of: bag) { lines.append(ICalContentLine(name: "UID", value: uid)) }
    let created = bag.time(.creationTime)
    let modified = bag.time(.lastModificationTime)
    if let stamp = modified ?? created ?? bag.time(.clientSubmitTime) {
      lines.append(ICalContentLine(name: "DTSTAMP", value: utcText(stamp)))
    }
    if let created { lines.append(ICalContentLine(name: "CREATED", value: utcText(created))) }
    if let modified {
      lines.append(ICalContentLine(name: "LAST-MODIFIED", value: utcText(modified)))
    }
    if let subject = bag.string(.subject), !subject.isEmpty {
      lines.append(ICalContentLine(name: "SUMMARY", value: ICalendarReader.escapeText(subject)))
    }
    let bodies = MapiBodies(message, notes: &notes)
    if let text = bodies.text?.trimmingTrailingLineEnds, !text.isEmpty {
      lines.append(ICalContentLine(name: "DESCRIPTION", value: ICalendarReader.escapeText(text)))
    } else if bodies.html != nil {
      notes.append("the HTML body has no plain text version; DESCRIPTION left out")
    }
    let categories = bag.strings(.keywords).filter { !$0.isEmpty }
    if !categories.isEmpty {
      lines.append(
        ICalContentLine(
          name: "CATEGORIES",
          value: categories.map(ICalendarReader.escapeText).joined(separator: ",")))
    }
    switch bag.integer(.sensitivity) {
    case 1, 2: lines.append(ICalContentLine(name: "CLASS", value: "PRIVATE"))
    case 3: lines.append(ICalContentLine(name: "CLASS", value: "CONFIDENTIAL"))
    default: break
    }
    switch bag.integer(.importance) {
    case 0: lines.append(ICalContentLine(name: "PRIORITY", value: "9"))
    case 2: lines.append(ICalContentLine(name: "PRIORITY", value: "1"))
    default: break
    }
    let attachments = message.attachments.filter { exceptionMessage(in: $0) == nil }
    if !attachments.isEmpty {
      notes.append("\(attachments.count) attachment(s) not carried into the calendar item")
    }
    return lines
  }

  /// The embedded message of an attachment that holds a modified instance of a series
  /// (class `IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}`, [MS-OXOCAL] 2.2.10.1).
  static func exceptionMessage(in attachment: MapiAttachment) -> MapiMessage? {
    guard let embedded = attachment.embeddedMessage,
      embedded.messageClass.uppercased().hasPrefix("IPM.OLE.CLASS.{00061055-")
    else { return nil }
    return embedded
  }

  /// A display alarm `stored` minutes before the start (kept within about two years).
  static func alarm(minutesBefore stored: Int) -> ICalComponent {
    let minutes = min(max(stored, -1_000_000), 1_000_000)
    return ICalComponent(
      name: "VALARM",
      properties: [
        ICalContentLine(name: "ACTION", value: "DISPLAY"),
        ICalContentLine(name: "DESCRIPTION", value: "Reminder"),
        ICalContentLine(
          name: "TRIGGER", value: minutes >= 0 ? "-PT\(minutes)M" : "PT\(-minutes)M"),
      ])
  }
}

extension String {
  /// The text without trailing CR, LF and NUL characters.
  var trimmingTrailingLineEnds: String {
    var text = Substring(self)
    while let last = text.last, last == "\r\n" || last == "\n" || last == "\r" || last == "\0" {
      text = text.dropLast()
    }
    return String(text)
  }
}
