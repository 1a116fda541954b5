import MailModel

/// One iCalendar component (`BEGIN:NAME` … `END:NAME`) with its properties verbatim and its children.
public struct ICalComponent: Sendable, Equatable {
  /// The component name, upper-cased (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, `STANDARD`, `VALARM`…).
  public var name: String
  /// The component's own content lines, in file order, kept verbatim.
  public var properties: [ICalContentLine]
  /// The nested components (`VEVENT`s of a `VCALENDAR`, `VALARM`s of a `VEVENT`…), in file order.
  public var components: [ICalComponent]
  /// The physical line of `BEGIN` (0 when built in code).
  public var line: Int
  /// The file the component was read from, set by `ICalendarReader` on each `VCALENDAR` and the
  /// components it holds (nil when built in code), so that reports on calendars read from several
  /// files name the right one.
  public var file: String?

  /// Creates a component; `name` is upper-cased.
  public init(
    name: String, properties: [ICalContentLine] = [], components: [ICalComponent] = [],
    line: Int = 0
  ) {
    self.name = name.uppercased()
    self.properties = properties
    self.components = components
    self.line = line
  }

  /// The first property with this name.
  public func property(_ name: String) -> ICalContentLine? {
    let upper = name.uppercased()
    return properties.first { $0.name == upper }
  }

  /// Every property with this name.
  public func properties(named name: String) -> [ICalContentLine] {
    let upper = name.uppercased()
    return properties.filter { $0.name == upper }
  }

  /// The value of the first property with this name.
  public subscript(_ name: String) -> String? { property(name)?.value }

  /// Replaces the first property with this name, or appends one.
  public mutating func setProperty(_ line: ICalContentLine) {
    if let index = properties.firstIndex(where: { $0.name == line.name }) {
      properties[index] = line
    } else {
      properties.append(line)
    }
  }

  /// Every child component with this name.
  public func components(named name: String) -> [ICalComponent] {
    let upper = name.uppercased()
    return components.filter { $0.name == upper }
  }

  /// Every TZID parameter used by a property of this component or its children.
  public var referencedTZIDs: [String] {
    var seen: [String] = []
    func visit(_ component: ICalComponent) {
      if component.name == "VTIMEZONE" { return }
      for property in component.properties {
        if let tzid = property.parameter("TZID")?.values.first, !seen.contains(tzid) {
          seen.append(tzid)
        }
      }
      component.components.forEach(visit)
    }
    visit(self)
    return seen
  }

  /// The component as unfolded content lines, `BEGIN` to `END`.
  public var contentLines: [ICalContentLine] {
    var lines = [ICalContentLine(name: "BEGIN", value: name)]
    lines += properties
    for child in components { lines += child.contentLines }
    lines.append(ICalContentLine(name: "END", value: name))
    return lines
  }

  /// The component folded and with CRLF line ends.
  public var serialized: [UInt8] {
    contentLines.flatMap(ICalContentLineWriter.write)
  }
}

extension ICalComponent {
  /// A copy with `transform` applied to every property (here and in child components other than
  /// `VTIMEZONE`) whose `TZID` parameter is `tzid`.
  func rewritingTimes(in tzid: String, _ transform: (ICalContentLine) -> ICalContentLine)
    -> ICalComponent
  {
    var copy = self
    copy.properties = properties.map {
      $0.parameter("TZID")?.values.first == tzid ? transform($0) : $0
    }
    copy.components = components.map {
      $0.name == "VTIMEZONE" ? $0 : $0.rewritingTimes(in: tzid, transform)
    }
    return copy
  }
}

extension ICalComponent {
  /// Whether the component is part of a recurring series: it has a rule, extra dates, or is an
  /// exception (`RECURRENCE-ID`).
  var isRecurring: Bool {
    ["RRULE", "RDATE", "EXRULE", "RECURRENCE-ID"].contains { property($0) != nil }
  }

  /// The local date-times (`yyyyMMddTHHmmss`) of properties whose `TZID` is `tzid`, here and in
  /// children other than `VTIMEZONE`.
  func localTimes(in tzid: String) -> [Double] {
    var times: [Double] = []
    for line in properties where line.parameter("TZID")?.values.first == tzid {
      times += line.value.split(separator: ",").compactMap { value in
        let text = value.trimmingCharacters(in: .whitespaces)
        return text.count == 15 ? ICalDateTime.parseFloating(text) : nil
      }
    }
    for child in components where child.name != "VTIMEZONE" { times += child.localTimes(in: tzid) }
    return times
  }
}

extension ICalContentLine {
  /// The line with its local date-times (`yyyyMMddTHHmmss`, comma-separated lists too) read in `zone`
  /// and written in UTC, and its `TZID` removed; date values are left as they are.
  func inUTC(_ zone: ICalZone) -> ICalContentLine {
    var line = self
    line.value = value.split(separator: ",", omittingEmptySubsequences: false).map {
      value -> String in
      let text = value.trimmingCharacters(in: .whitespaces)
      guard text.count == 15, let local = ICalDateTime.parseFloating(text) else {
        return String(value)
      }
      return ICalFreeBusy.formatUTC(zone.utc(fromLocal: local))
    }.joined(separator: ",")
    line.removeParameter("TZID")
    return line
  }
}
