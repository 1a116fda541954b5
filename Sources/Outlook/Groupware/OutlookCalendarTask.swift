import ContactsCalendars

/// One task mapped to a `VTODO` ([MS-OXOTASK]).
struct OutlookTaskMapping {
  /// The `VTODO`.
  var components: [ICalComponent] = []

  /// Maps `message`, adding notes for what is lost.
  init(_ message: MapiMessage, notes: inout [String]) {
    let bag = message.properties
    var todo = ICalComponent(name: "VTODO")
    todo.properties = OutlookCalendar.commonProperties(message, notes: &notes)
    let clock = OutlookEventMapping.Clock(timeZone: nil, zone: .fixed(seconds: 0))
    // Start and due are local dates stored as midnight UTC: their UTC date is the date.
    let startDay = bag.time(.taskStartDate).map { OutlookCalendarTime.days(seconds: $0) }
    var dueDay = bag.time(.taskDueDate).map { OutlookCalendarTime.days(seconds: $0) }
    if let startDay, let due = dueDay, due < startDay {
      notes.append("the due date is before the start date; DUE left out")
      dueDay = nil
    }
    if let startDay { todo.properties.append(clock.dateLine("DTSTART", days: startDay)) }
    if let dueDay { todo.properties.append(clock.dateLine("DUE", days: dueDay)) }
    let complete = bag.bool(.taskComplete) == true
    let status = complete ? 2 : bag.integer(.taskStatus) ?? 0
    switch status {
    case 1: todo.properties.append(ICalContentLine(name: "STATUS", value: "IN-PROCESS"))
    case 2: todo.properties.append(ICalContentLine(name: "STATUS", value: "COMPLETED"))
    case 3, 4:
      todo.properties.append(ICalContentLine(name: "STATUS", value: "NEEDS-ACTION"))
      notes.append("task status \(status == 3 ? "waiting" : "deferred") written as NEEDS-ACTION")
    default: todo.properties.append(ICalContentLine(name: "STATUS", value: "NEEDS-ACTION"))
    }
    if let fraction = Self.double(bag, .percentComplete), fraction.isFinite {
      let percent = Int((min(1, max(0, fraction)) * 100).rounded())
      todo.properties.append(ICalContentLine(name: "PERCENT-COMPLETE", value: String(percent)))
    }
    if let completed = bag.time(.taskDateCompleted), complete || status == 2 {
      todo.properties.append(
        ICalContentLine(name: "COMPLETED", value: OutlookCalendar.utcText(completed)))
    }
    if bag.bool(.reminderSet) == true, let reminder = bag.time(.reminderTime) {
      todo.components.append(
        ICalComponent(
          name: "VALARM",
          properties: [
            ICalContentLine(name: "ACTION", value: "DISPLAY"),
            ICalContentLine(name: "DESCRIPTION", value: "Reminder"),
            ICalContentLine(
              name: "TRIGGER", parameters: [ICalParameter(name: "VALUE", values: ["DATE-TIME"])],
              value: OutlookCalendar.utcText(reminder)),
          ]))
    }
    if bag.bool(.taskIsRecurring) == true, let blob = bag.binary(.taskRecurrence) {
      do throws(OutlookRecurrence.Failure) {
        let recurrence = try OutlookRecurrence.task(blob)
        if recurrence.pattern.isHijri {
          notes.append("Hijri calendar recurrence has no iCalendar rule; written as one task")
        } else if startDay == nil {
          notes.append("recurring task without a start date; written as one task")
        } else {
          todo.properties += OutlookRecurrenceRule(recurrence, clock: clock, allDay: true).lines
        }
      } catch {
        notes.append("task recurrence unreadable (\(error.reason)); written as one task")
      }
    }
    components = [todo]
  }

  /// A PtypFloating64 property.
  static func double(_ bag: MapiPropertyBag, _ name: MapiPropertyName) -> Double? {
    guard let property = bag[name], property.type == .float64,
      case .single(let bytes) = property.value, bytes.count >= 8
    else { return nil }
    return Double(bitPattern: MapiPropertyBag.le(bytes, 8))
  }
}
