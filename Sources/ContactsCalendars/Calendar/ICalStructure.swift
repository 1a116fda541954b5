import MailModel

/// Builds the component trees of one file from its content lines, recovering from broken structure
/// the way real exports break: a line that is not a content line is dropped; a component that is
/// never closed (a truncated file, a missing `END:VEVENT` before the next `BEGIN:VEVENT`) is dropped
/// with what it holds; a `VCALENDAR` that is never closed keeps its complete components. Each
/// problem is a diagnostic naming the line; the first is kept as the error to throw when nothing
/// could be read.
struct ICalStructure {
  /// Components that only a `VCALENDAR` may hold: one of them beginning inside another component
  /// means that component was never closed.
  static let topLevelOnly: Set<String> = [
    "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY",
  ]

  let file: String
  private(set) var calendars: [ICalComponent] = []
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var firstProblem: ContactsCalendarsError?
  private var stack: [ICalComponent] = []
  private var outsideReported = false
  private var skipDepth = 0

  init(file: String) {
    self.file = file
  }

  /// Records a problem; `what` (the problem without what is done about it) becomes the error when
  /// it is the first and nothing could be read.
  private mutating func report(
    _ severity: Diagnostic.Severity, code: String, _ what: String, _ consequence: String,
    line: Int
  ) {
    let location = SourceLocation(file: file, line: line)
    if firstProblem == nil {
      firstProblem = ContactsCalendarsError("no calendar could be read: " + what, at: location)
    }
    diagnostics.append(Diagnostic(severity, code: code, what + "; " + consequence, at: location))
  }

  private static func describe(_ component: ICalComponent) -> String {
    let uid = component["UID"].map { " " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
    return "\(component.name)\(uid) of line \(component.line)"
  }

  /// Takes the next unfolded line.
  mutating func consume(_ unfolded: ICalUnfoldedLine) {
    let line: ICalContentLine
    do {
      line = try ICalContentLineParser.parse(unfolded, file: file, diagnostics: &diagnostics)
    } catch {
      let reason = (error as? ContactsCalendarsError)?.message ?? "\(error)"
      let place = stack.last.map { " in " + Self.describe($0) } ?? ""
      report(
        .skipped, code: "malformed-line", "\(reason)\(place)", "the line is dropped",
        line: unfolded.line)
      return
    }
    if skipDepth > 0 {
      if line.name == "BEGIN" { skipDepth += 1 } else if line.name == "END" { skipDepth -= 1 }
      return
    }
    switch line.name {
    case "BEGIN": begin(Self.componentName(line), line: unfolded.line)
    case "END": end(Self.componentName(line), line: unfolded.line)
    default:
      if stack.isEmpty {
        if !outsideReported {
          diagnostics.append(
            Diagnostic(
              .warning, code: "outside-vcalendar", "\(line.name) outside any VCALENDAR ignored",
              at: SourceLocation(file: file, line: unfolded.line)))
          outsideReported = true
        }
      } else {
        stack[stack.count - 1].properties.append(line)
      }
    }
  }

  private static func componentName(_ line: ICalContentLine) -> String {
    line.value.trimmingCharacters(in: .whitespaces).uppercased()
  }

  private mutating func begin(_ name: String, line: Int) {
    guard !name.isEmpty else {
      report(
        .skipped, code: "malformed-line", "BEGIN without a component name", "the line is dropped",
        line: line)
      return
    }
    if stack.isEmpty && name != "VCALENDAR" {
      report(
        .skipped, code: "outside-vcalendar",
        "BEGIN:\(name) outside a VCALENDAR", "the component is dropped", line: line)
      skipDepth = 1
      return
    }
    if name == "VCALENDAR", !stack.isEmpty {
      dropOpen(above: 0, because: "BEGIN:VCALENDAR at line \(line) comes first")
      closeUnfinishedCalendar(because: "BEGIN:VCALENDAR at line \(line) comes first", atEnd: false)
    } else if Self.topLevelOnly.contains(name), stack.count > 1 {
      dropOpen(above: 0, because: "BEGIN:\(name) at line \(line) comes first")
    }
    stack.append(ICalComponent(name: name, line: line))
  }

  private mutating func end(_ name: String, line: Int) {
    guard let index = stack.lastIndex(where: { $0.name == name }), !name.isEmpty else {
      report(
        .skipped, code: "unmatched-end",
        "END:\(name) without a matching BEGIN", "the line is dropped", line: line)
      return
    }
    if index < stack.count - 1 {
      dropOpen(above: index, because: "END:\(name) at line \(line) comes first")
    }
    guard let closed = stack.popLast() else { return }
    if stack.isEmpty {
      calendars.append(closed)
    } else {
      stack[stack.count - 1].components.append(closed)
    }
  }

  /// Drops the open components above `index` (the outermost of them names the loss).
  private mutating func dropOpen(above index: Int, because reason: String) {
    guard index + 1 < stack.count else { return }
    let dropped = stack[index + 1]
    report(
      .skipped, code: "unclosed-component",
      "\(Self.describe(dropped)) has no END:\(dropped.name) (\(reason))",
      "the component is dropped",
      line: dropped.line)
    stack.removeSubrange((index + 1)...)
  }

  /// Keeps the open `VCALENDAR` with its complete components. At the end of the file that is a
  /// `skipped` problem (the file was cut, and whatever followed is lost); before another
  /// `BEGIN:VCALENDAR` only a warning.
  private mutating func closeUnfinishedCalendar(because reason: String, atEnd: Bool) {
    guard let calendar = stack.first else { return }
    report(
      atEnd ? .skipped : .warning, code: "unclosed-component",
      "VCALENDAR of line \(calendar.line) has no END:VCALENDAR (\(reason))",
      (atEnd ? "the file looks cut, and what followed is lost; " : "")
        + "its \(calendar.components.count) complete component(s) are kept",
      line: calendar.line)
    calendars.append(calendar)
    stack.removeAll()
  }

  /// Closes what the end of the file left open.
  mutating func finish() {
    guard !stack.isEmpty else { return }
    dropOpen(above: 0, because: "the file ends")
    closeUnfinishedCalendar(because: "the file ends", atEnd: true)
  }
}
