import ArgumentParser
import ContactsCalendars
import Foundation
import MailModel
import Migration

/// `zmigrate calendar`: iCalendar/vCalendar in, `.ics` that Zimbra imports (and free/busy) out.
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract:
      "Convert iCalendar 2.0 and vCalendar 1.0 files into .ics that Zimbra imports: events and tasks apart, time zones first.",
    discussion: """
      Import with: curl -u ADMIN --data-binary @cal.ics 'https://SERVER/home/USER/Calendar?fmt=ics' and the \
      tasks file with .../Tasks?fmt=ics (Zimbra's archive import mishandles tasks). With --freebusy, writes the \
      VFREEBUSY Zimbra's fmt=ifb would serve for --start..--end (ISO 8601 UTC, e.g. 2024-01-01T00:00:00Z).
      Exit status: 0 everything converted; 1 finished, but something was dropped (a component cut off or \
      with a date that cannot be one, a malformed line, a file that could not be read), each listed on \
      standard error with its file, line and reason; 2 bad usage, or no input could be read.
      """)

  @Argument(help: "Input .ics/.vcs files.", completion: .file())
  var inputs: [String]

  @Option(
    name: .shortAndLong, help: "Output .ics for the events (or the VFREEBUSY with --freebusy).",
    completion: .file())
  var output: String

  @Option(
    help:
      "Output .ics for the tasks (VTODO). Default: <output without .ics>-tasks.ics when there are tasks.",
    completion: .file())
  var tasks: String?

  @Flag(help: "Write free/busy (VFREEBUSY) for --start..--end instead of the calendar.")
  var freebusy = false

  @Option(help: "Free/busy range start (UTC, e.g. 2024-01-01T00:00:00Z).")
  var start: String?

  @Option(help: "Free/busy range end (UTC).")
  var end: String?

  @Option(
    help:
      "Time zone (e.g. Europe/Berlin) for TZIDs that have no VTIMEZONE and no name zmigrate can resolve (Olson, Windows, Outlook display name, GMT+hh:mm): their times are written in UTC (a recurring series gets that zone's name as TZID instead); without it they are left for Zimbra to read in the account's zone. With --freebusy it is also the zone of floating times (default UTC)."
  )
  var timezone: String?

  @Option(help: "Free/busy organizer address.")
  var organizer: String?

  @Flag(help: "Print the summary as JSON (diagnostics included) instead of lines.")
  var json = false

  func validate() throws {
    if let timezone, TimeZone(identifier: timezone) == nil {
      throw ValidationError(
        "unknown time zone '\(timezone)' for --timezone (use a name like Europe/Berlin)")
    }
  }

  func run() throws {
    let fallback = timezone.flatMap(TimeZone.init(identifier:))
    let read = CalendarFiles.read(inputs)
    // One file that cannot be read at all costs that file only; exit 2 when none could be.
    if let first = read.unreadable.first, read.unreadable.count == inputs.count {
      throw fail(first)
    }
    var diagnostics = read.diagnostics
    var summary: CalendarSummary
    if freebusy {
      guard let startText = start, let endText = end, let from = CalendarFiles.utcTime(startText),
        let to = CalendarFiles.utcTime(endText), from < to
      else {
        throw ValidationError(
          "--freebusy needs --start and --end as ISO 8601 UTC times, start before end")
      }
      guard let floatingTimeZone = fallback ?? TimeZone(identifier: "UTC") else {
        throw fail(ContactsCalendarsError("the UTC time zone is not available on this system"))
      }
      let bytes = ICalFreeBusy(floatingTimeZone: floatingTimeZone)
        .vfreebusy(
          for: read.calendars, from: from, to: to, organizer: organizer,
          stamp: Date().timeIntervalSince1970, file: inputs.joined(separator: ","),
          diagnostics: &diagnostics)
      do { try AtomicFile.write(Data(bytes), to: output) } catch { throw fail(error) }
      summary = CalendarSummary(
        inputs: inputs, output: output, tasksOutput: nil, events: 0, tasks: 0,
        freebusy: "\(startText)..\(endText)", diagnostics: diagnostics)
    } else {
      let written = ICalendarWriter(fallbackTimeZone: fallback).write(
        read.calendars, file: inputs.joined(separator: ","))
      diagnostics += written.diagnostics
      let tasksPath = tasks ?? OutputPaths.calendarTasks(for: output)
      do {
        if let events = written.events { try AtomicFile.write(Data(events), to: output) }
        if let taskBytes = written.tasks { try AtomicFile.write(Data(taskBytes), to: tasksPath) }
      } catch {
        throw fail(error)
      }
      summary = CalendarSummary(
        inputs: inputs, output: output, tasksOutput: written.tasks != nil ? tasksPath : nil,
        events: written.eventCount, tasks: written.taskCount, freebusy: nil,
        diagnostics: diagnostics)
    }
    if json {
      try printJSON(summary)
    } else {
      for diagnostic in diagnostics {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
      }
      if let range = summary.freebusy {
        print("wrote free/busy for \(range) to \(output)")
      } else {
        print(
          "wrote \(summary.events) events to \(output)"
            + (summary.tasksOutput.map { " and \(summary.tasks) tasks to \($0)" } ?? ""))
      }
    }
    if diagnostics.contains(where: { $0.severity.isFailure }) { throw ExitCode(1) }
  }
}
