/// Where one field of a `RawRecord` lies in its byte buffer.
public struct FieldSpan: Sendable, Equatable {
  /// The offset of the field's first byte in `RawRecord.bytes`.
  public var start: Int
  /// The offset just past the field's last byte.
  public var end: Int
  /// The field was written in double quotes (its quotes are already removed).
  public var quoted: Bool
  /// The line the field starts on.
  public var line: Int
}

/// Ways a record broke RFC 4180 that the scanner repaired or could not repair.
public struct RecordIssues: OptionSet, Sendable {
  /// The bits of the set.
  public let rawValue: UInt8
  /// Creates the set from its bits.
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// A `"` inside a field that did not start with one: kept as a character.
  public static let quoteInUnquotedField = RecordIssues(rawValue: 1)
  /// Text after the closing quote of a quoted field: appended to the field.
  public static let textAfterClosingQuote = RecordIssues(rawValue: 2)
  /// The file ended inside a quoted field.
  public static let unterminatedQuote = RecordIssues(rawValue: 4)
}

/// One record as the scanner found it: the unquoted bytes of all fields, back to back.
public struct RawRecord: Sendable {
  /// The unquoted bytes of every field, back to back.
  public var bytes: [UInt8] = []
  /// Where each field lies in `bytes`.
  public var fields: [FieldSpan] = []
  /// The line the record starts on (1-based).
  public var line = 1
  /// The line the record ends on (greater than `line` when a quoted field holds line breaks).
  public var endLine = 1
  /// The repairs the scanner made, or could not make, in this record.
  public var issues: RecordIssues = []

  /// An empty record (the scanner fills its own).
  public init() {}

  /// The bytes of field `index`.
  @inlinable public func field(_ index: Int) -> ArraySlice<UInt8> {
    let span = fields[index]
    return bytes[span.start..<span.end]
  }

  /// A line with nothing on it, or only delimiters and blanks.
  public var isBlank: Bool {
    for span in fields {
      if span.quoted { return false }
      var i = span.start
      while i < span.end {
        let b = bytes[i]
        if b != 0x20 && b != 0x09 { return false }
        i += 1
      }
    }
    return true
  }

  @usableFromInline mutating func reset() {
    bytes.removeAll(keepingCapacity: true)
    fields.removeAll(keepingCapacity: true)
    issues = []
  }
}

/// A byte-level RFC 4180 scanner fed in chunks of any size.
///
/// Fields are separated by one delimiter byte (or not at all, which gives one field per line),
/// records end at CR, LF or CRLF outside quotes. A field that starts with `"` (after optional
/// spaces) runs to the next lone `"`; `""` inside it is one quote; delimiters and line breaks inside
/// it are data. Repairs: a quote inside an unquoted field is a character, text after a closing quote
/// is appended, blanks between a closing quote and the delimiter are dropped. State survives between
/// chunks, including a CR at the end of one chunk and the LF at the start of the next.
public struct DelimitedScanner: Sendable {
  /// How the scanner splits.
  public struct Options: Sendable {
    /// The field separator; nil makes every line one field.
    public var delimiter: UInt8?
    /// Whether `"` quotes fields; off for formats read by shell loops (imapsync), where a quote
    /// is an ordinary character.
    public var quoting = true
    /// Lines starting with this byte are skipped (imapsync's `#`), nil for none.
    public var comment: UInt8?
    /// Whether a `"` after leading spaces starts a quoted field (the spaces dropped); when off
    /// (contact CSV, read as ZCS reads it) only a `"` that is a field's first byte does.
    public var quoteAfterSpaces = true
    /// Whether blanks between a closing quote and the delimiter or line end are dropped; when off
    /// (contact CSV) they are kept in the value.
    public var dropBlanksAfterQuote = true

    /// Creates options; the defaults are RFC 4180 with repairs (see `DelimitedScanner`).
    public init(
      delimiter: UInt8?, quoting: Bool = true, comment: UInt8? = nil,
      quoteAfterSpaces: Bool = true, dropBlanksAfterQuote: Bool = true
    ) {
      self.delimiter = delimiter
      self.quoting = quoting
      self.comment = comment
      self.quoteAfterSpaces = quoteAfterSpaces
      self.dropBlanksAfterQuote = dropBlanksAfterQuote
    }
  }

  @usableFromInline enum State: Sendable {
    case recordStart, fieldStart, leadingSpace, unquoted, quoted, closingQuote, comment
  }

  @usableFromInline static let lf: UInt8 = 0x0A
  @usableFromInline static let cr: UInt8 = 0x0D
  @usableFromInline static let space: UInt8 = 0x20
  @usableFromInline static let tab: UInt8 = 0x09
  @usableFromInline static let quoteByte: UInt8 = 0x22

  @usableFromInline let delimiter: Int
  @usableFromInline let quote: Int
  @usableFromInline let comment: Int
  @usableFromInline let quoteAfterSpaces: Bool
  @usableFromInline let dropBlanks: Bool
  @usableFromInline var state = State.recordStart
  @usableFromInline var pendingCR = false
  @usableFromInline var quotedField = false
  @usableFromInline var fieldStart = 0
  @usableFromInline var fieldLine = 1
  @usableFromInline var blanksAfterQuote = 0
  /// The line of the byte being read.
  public var line: Int { currentLine }
  @usableFromInline var currentLine = 1
  @usableFromInline var record = RawRecord()

  /// A scanner at the start of its input, numbering lines from `firstLine`.
  public init(options: Options, firstLine: Int = 1) {
    delimiter = options.delimiter.map { Int($0) } ?? -1
    quote = options.quoting ? Int(Self.quoteByte) : -1
    comment = options.comment.map { Int($0) } ?? -1
    quoteAfterSpaces = options.quoteAfterSpaces
    dropBlanks = options.dropBlanksAfterQuote
    currentLine = firstLine
  }

  /// Scans `chunk`, calling `emit` for every record completed in it.
  @inlinable public mutating func feed(
    _ chunk: UnsafeRawBufferPointer, _ emit: (RawRecord) throws -> Void
  )
    rethrows
  {
    let n = chunk.count
    var i = 0
    while i < n {
      let b = chunk[i]
      i += 1
      if pendingCR {
        pendingCR = false
        if b == Self.lf {
          if state == .quoted { record.bytes.append(b) }
          continue
        }
      }
      if state == .recordStart {
        if Int(b) == comment {
          state = .comment
          continue
        }
        record.line = currentLine
        beginField()
        state = .fieldStart
      }
      switch state {
      case .fieldStart:
        if Int(b) == quote {
          quotedField = true
          state = .quoted
        } else if Int(b) == delimiter {
          endField()
          beginField()
        } else if b == Self.lf || b == Self.cr {
          try endRecord(b, emit)
        } else {
          record.bytes.append(b)
          state = b == Self.space && quoteAfterSpaces ? .leadingSpace : .unquoted
        }
      case .leadingSpace:
        if Int(b) == quote {
          record.bytes.removeSubrange(fieldStart...)
          quotedField = true
          state = .quoted
        } else if b == Self.space {
          record.bytes.append(b)
        } else {
          try unquotedByte(b, emit)
        }
      case .unquoted:
        // The common case: copy a run of ordinary bytes in one go.
        var j = i - 1
        while j < n {
          let c = chunk[j]
          if Int(c) == delimiter || c == Self.lf || c == Self.cr || Int(c) == quote { break }
          j += 1
        }
        if j > i - 1 {
          record.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[(i - 1)..<j]))
        }
        if j < n {
          try unquotedByte(chunk[j], emit)
        }
        i = j + 1
      case .quoted:
        if Int(b) == quote {
          blanksAfterQuote = 0
          state = .closingQuote
        } else {
          record.bytes.append(b)
          if b == Self.lf {
            currentLine += 1
          } else if b == Self.cr {
            currentLine += 1
            pendingCR = true
          }
        }
      case .closingQuote:
        if Int(b) == quote {
          record.bytes.append(b)
          state = .quoted
        } else if Int(b) == delimiter {
          dropBlanksAfterQuote()
          endField()
          beginField()
          state = .fieldStart
        } else if b == Self.lf || b == Self.cr {
          dropBlanksAfterQuote()
          try endRecord(b, emit)
        } else if dropBlanks, b == Self.space || b == Self.tab {
          // Blanks between the closing quote and the delimiter are dropped; blanks
          // before more text (`"Heidi" Klum`) are kept.
          record.bytes.append(b)
          blanksAfterQuote += 1
        } else {
          blanksAfterQuote = 0
          record.issues.insert(.textAfterClosingQuote)
          record.bytes.append(b)
          state = .unquoted
        }
      case .comment:
        if b == Self.lf || b == Self.cr {
          newline(b)
          state = .recordStart
        }
      case .recordStart:
        break
      }
    }
  }

  /// Ends the input: emits the last record if the file did not end with a line break.
  @inlinable public mutating func finish(_ emit: (RawRecord) throws -> Void) rethrows {
    switch state {
    case .recordStart, .comment:
      return
    case .quoted:
      record.issues.insert(.unterminatedQuote)
      endField()
      // The last line of the file, not the empty one after its final line break.
      let last = record.bytes.last
      record.endLine = last == Self.lf || last == Self.cr ? currentLine - 1 : currentLine
      try emit(record)
      record.reset()
      state = .recordStart
    case .closingQuote:
      dropBlanksAfterQuote()
      fallthrough
    default:
      endField()
      record.endLine = currentLine
      try emit(record)
      record.reset()
      state = .recordStart
    }
  }

  @usableFromInline mutating func unquotedByte(_ b: UInt8, _ emit: (RawRecord) throws -> Void)
    rethrows
  {
    if Int(b) == delimiter {
      endField()
      beginField()
      state = .fieldStart
    } else if b == Self.lf || b == Self.cr {
      try endRecord(b, emit)
    } else {
      if Int(b) == quote { record.issues.insert(.quoteInUnquotedField) }
      record.bytes.append(b)
      state = .unquoted
    }
  }

  @usableFromInline mutating func dropBlanksAfterQuote() {
    if blanksAfterQuote > 0 {
      record.bytes.removeLast(blanksAfterQuote)
      blanksAfterQuote = 0
    }
  }

  @usableFromInline mutating func beginField() {
    fieldStart = record.bytes.count
    fieldLine = currentLine
    quotedField = false
    state = .fieldStart
  }

  @usableFromInline mutating func endField() {
    record.fields.append(
      FieldSpan(start: fieldStart, end: record.bytes.count, quoted: quotedField, line: fieldLine))
  }

  @usableFromInline mutating func endRecord(_ terminator: UInt8, _ emit: (RawRecord) throws -> Void)
    rethrows
  {
    endField()
    record.endLine = currentLine
    newline(terminator)
    state = .recordStart
    try emit(record)
    record.reset()
  }

  @usableFromInline mutating func newline(_ b: UInt8) {
    currentLine += 1
    if b == Self.cr { pendingCR = true }
  }
}

extension DelimitedScanner {
  /// Picks the delimiter of a file from its first line that is not blank (and not a comment):
  /// the most frequent of tab, `;`, `,` and `|` outside double quotes; ties go in that order, and a
  /// line with none of them gives `,` (a one-column file). Returns nil when `prefix` does not yet
  /// hold a whole line and more input may follow.
  public static func sniffDelimiter(_ prefix: [UInt8], atEnd: Bool, comment: UInt8?) -> UInt8?? {
    let candidates: [UInt8] = [0x09, 0x3B, 0x2C, 0x7C]
    var counts = [0, 0, 0, 0]
    var inQuotes = false
    var lineHasContent = false
    var inComment = false
    var atLineStart = true
    var complete = false
    for b in prefix {
      if inComment {
        if b == lf || b == cr {
          inComment = false
          atLineStart = true
        }
        continue
      }
      if atLineStart, let comment, b == comment {
        inComment = true
        continue
      }
      atLineStart = false
      if b == quoteByte {
        inQuotes.toggle()
        lineHasContent = true
        continue
      }
      if inQuotes { continue }
      if b == lf || b == cr {
        if lineHasContent {
          complete = true
          break
        }
        atLineStart = true
        continue
      }
      if b != space && b != tab { lineHasContent = true }
      if let k = candidates.firstIndex(of: b) {
        counts[k] += 1
        lineHasContent = true
      }
    }
    if !complete && !atEnd { return nil }
    var best = 2  // comma when nothing is found
    var bestCount = 0
    for k in 0..<4 where counts[k] > bestCount {
      best = k
      bestCount = counts[k]
    }
    return .some(candidates[best])
  }
}
