/// Walks an RTF document's tokens with an explicit group stack and collects its text: the
/// encapsulated HTML or text ([MS-OXRTFEX] §2.2.3.2) or a plain rendering of native RTF.
struct RtfTextReader {
  /// Where a group's content goes.
  enum Destination: Equatable {
    /// Document text.
    case body
    /// An `{\*\htmltag…}` group: HTML markup that is always copied.
    case htmlTag
    /// The font table, read only for the fonts' code pages.
    case fontTable
    /// A destination whose content is not text (`\*` groups, `\colortbl`, `\info`, `\pict`, …).
    case skipped
  }

  /// The properties a group inherits from its parent and restores on exit.
  struct GroupState {
    /// Where this group's content goes.
    var destination = Destination.body
    /// Inside `\htmlrtf … \htmlrtf0`: RTF-only content, dropped when de-encapsulating.
    var suppressed = false
    /// How many fallback characters follow each `\uN` (`\ucN`, 1 by default).
    var unicodeFallbackCount = 1
    /// The code page of the selected font (`\fN`), or nil for the document's default.
    var fontCodePage: Int?
  }

  /// Destinations (without `\*`) whose content is not document text.
  static let skippedDestinations: Set<String> = [
    "colortbl", "stylesheet", "info", "pict", "objdata", "objclass", "objname", "header",
    "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "listtable",
    "listoverridetable", "revtbl", "rsidtbl", "fldinst", "xmlnstbl", "filetbl", "pntxta",
    "pntxtb", "datafield", "template", "private", "themedata", "colorschememapping",
    "latentstyles", "datastore", "generator", "mmathPr", "nonshppict", "operator", "author",
    "title", "subject", "keywords", "comment", "doccomm", "company", "category", "manager",
    "userprops", "buptim", "creatim", "printim", "revtim", "falt", "panose", "fontemb",
    "fontfile", "shpinst", "sp", "sn", "sv", "objattph",
  ]

  /// The code page of an RTF `\fcharsetN` value, or nil when it names none.
  static func codePage(charset: Int) -> Int? {
    switch charset {
    case 0: return 1252
    case 2: return TextCollector.symbolCodePage
    case 77: return 10000
    case 128: return 932
    case 129: return 949
    case 130: return 1361
    case 134: return 936
    case 136: return 950
    case 161: return 1253
    case 162: return 1254
    case 163: return 1258
    case 177: return 1255
    case 178: return 1256
    case 186: return 1257
    case 204: return 1251
    case 222: return 874
    case 238: return 1250
    case 254: return 437
    case 255: return 850
    default: return nil
    }
  }

  /// The tokens.
  private var tokenizer: RtfTokenizer
  /// What is being extracted.
  private let mode: RtfEncapsulation
  /// The text so far.
  private var output = TextCollector()
  /// The current group's state.
  private var state = GroupState()
  /// The states of the enclosing groups, innermost last.
  private var stack: [GroupState] = []
  /// The document's code page (`\ansicpgN`), 1252 unless told.
  private var defaultCodePage = 1252
  /// The default font (`\deffN`).
  private var defaultFont = 0
  /// The code pages the font table gives, by font number.
  private var fontCodePages: [Int: Int] = [:]
  /// The font being defined in the font table.
  private var fontBeingDefined: Int?
  /// Whether the last token opened a group (so a destination word may follow).
  private var atGroupStart = false
  /// Whether `\*` followed the group's opening brace.
  private var starredGroup = false
  /// How many tokens after a `\uN` are its fallback and still to drop.
  private var fallbackToSkip = 0

  /// A reader of `rtf` extracting what `mode` says.
  init(_ rtf: [UInt8], mode: RtfEncapsulation) {
    tokenizer = RtfTokenizer(rtf)
    self.mode = mode
  }

  /// The text of the whole document.
  mutating func read() -> String {
    while let token = tokenizer.next() { handle(token) }
    return output.finish()
  }

  /// Whether text in the current state belongs to the output (nothing outside the document's
  /// group does, such as the NUL that often ends a decompressed body).
  private var emitting: Bool {
    if stack.isEmpty { return false }
    switch state.destination {
    case .body: return mode == .native || !state.suppressed
    case .htmlTag: return true
    case .fontTable, .skipped: return false
    }
  }

  /// The code page text bytes are in here.
  private var codePage: Int {
    if state.destination == .htmlTag { return defaultCodePage }
    return state.fontCodePage ?? defaultCodePage
  }

  /// Applies one token.
  private mutating func handle(_ token: RtfToken) {
    let groupStart = atGroupStart
    atGroupStart = false
    switch token {
    case .groupStart:
      fallbackToSkip = 0
      stack.append(state)
      atGroupStart = true
      starredGroup = false
      return
    case .groupEnd:
      fallbackToSkip = 0
      if let outer = stack.popLast() { state = outer }
      return
    default:
      break
    }
    if case .text(let run) = token {
      // Each byte of text is one fallback character of a preceding `\uN`.
      let skipped = min(fallbackToSkip, run.count)
      fallbackToSkip -= skipped
      if skipped < run.count, emitting {
        output.append(
          bytes: tokenizer.bytes[(run.lowerBound + skipped)..<run.upperBound], codePage: codePage)
      }
      return
    }
    if fallbackToSkip > 0 {
      fallbackToSkip -= 1
      return
    }
    switch token {
    case .hexByte(let byte):
      if emitting { output.append(byte: byte, codePage: codePage) }
    case .controlSymbol(let symbol):
      if symbol == UInt8(ascii: "*") && groupStart {
        starredGroup = true
        atGroupStart = true
        return
      }
      if state.destination == .skipped { return }
      symbolAction(symbol)
    case .controlWord(let name, let parameter):
      if groupStart {
        enterDestination(name)
        if state.destination == .skipped {
          // Nothing in the group matters: jump to its end, then leave it as `}` would.
          tokenizer.skipGroup()
          if let outer = stack.popLast() { state = outer }
          return
        }
      }
      controlWord(name, parameter: parameter)
    case .text, .binary, .groupStart, .groupEnd:
      break
    }
  }

  /// Sets the destination of a group that starts with `\name` (after `\*` when `starredGroup`).
  private mutating func enterDestination(_ name: String) {
    guard state.destination != .skipped else { return }
    if starredGroup {
      state.destination = name == "htmltag" && mode == .html ? .htmlTag : .skipped
    } else if name == "fonttbl" {
      state.destination = .fontTable
    } else if Self.skippedDestinations.contains(name) {
      state.destination = .skipped
    }
  }

  /// Applies a control symbol.
  private mutating func symbolAction(_ symbol: UInt8) {
    guard emitting else { return }
    switch symbol {
    case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
      output.append(byte: symbol, codePage: codePage)
    case UInt8(ascii: "~"): output.append(scalar: 0xA0)
    case UInt8(ascii: "_"): output.append(scalar: 0x2011)
    case 0x0A: output.append(string: "\r\n")
    default: break
    }
  }

  /// Applies a control word.
  private mutating func controlWord(_ name: String, parameter: Int?) {
    switch name {
    case "htmlrtf":
      state.suppressed = parameter != 0
      return
    case "ansicpg":
      if let parameter, parameter > 0 { defaultCodePage = parameter }
      return
    case "deff":
      defaultFont = parameter ?? 0
      return
    case "uc":
      if let parameter { state.unicodeFallbackCount = max(0, min(parameter, 16)) }
      return
    case "u":
      guard let parameter else { return }
      if emitting { output.append(utf16: UInt16(truncatingIfNeeded: parameter)) }
      fallbackToSkip = state.unicodeFallbackCount
      return
    default:
      break
    }
    if state.destination == .fontTable {
      fontTableWord(name, parameter: parameter)
      return
    }
    switch name {
    case "f":
      state.fontCodePage = fontCodePages[parameter ?? 0]
      return
    case "plain":
      state.fontCodePage = fontCodePages[defaultFont]
      return
    default:
      break
    }
    guard emitting else { return }
    switch name {
    case "par", "line": output.append(string: "\r\n")
    case "tab": output.append(scalar: 0x09)
    case "row", "page", "sect":
      if mode == .native { output.append(string: "\r\n") }
    case "cell":
      if mode == .native { output.append(scalar: 0x09) }
    case "emdash": output.append(scalar: 0x2014)
    case "endash": output.append(scalar: 0x2013)
    case "lquote": output.append(scalar: 0x2018)
    case "rquote": output.append(scalar: 0x2019)
    case "ldblquote": output.append(scalar: 0x201C)
    case "rdblquote": output.append(scalar: 0x201D)
    case "bullet": output.append(scalar: 0x2022)
    case "emspace": output.append(scalar: 0x2003)
    case "enspace": output.append(scalar: 0x2002)
    case "qmspace": output.append(scalar: 0x2005)
    case "zwj": output.append(scalar: 0x200D)
    case "zwnj": output.append(scalar: 0x200C)
    case "ltrmark": output.append(scalar: 0x200E)
    case "rtlmark": output.append(scalar: 0x200F)
    default: break
    }
  }

  /// Applies a control word inside the font table: `\fN` starts a font, `\fcharsetN` and `\cpgN`
  /// give its code page.
  private mutating func fontTableWord(_ name: String, parameter: Int?) {
    switch name {
    case "f":
      fontBeingDefined = parameter
    case "fcharset":
      if let font = fontBeingDefined, let charset = parameter,
        let page = Self.codePage(charset: charset)
      {
        fontCodePages[font] = page
      }
    case "cpg":
      if let font = fontBeingDefined, let page = parameter, page > 0 {
        fontCodePages[font] = page
      }
    default:
      break
    }
  }
}

/// Collects output text: bytes in a code page are gathered in runs and decoded together (so
/// multi-byte code pages work across `\'hh` escapes), UTF-16 units from `\uN` are paired.
struct TextCollector {
  /// The text decoded so far.
  private var text = ""
  /// Bytes not yet decoded, all in `pendingCodePage`.
  private var pending: [UInt8] = []
  /// The code page of `pending`.
  private var pendingCodePage = 1252
  /// A high surrogate from `\uN` waiting for its low half.
  private var highSurrogate: UInt16?

  /// Adds a byte of text in `codePage`.
  mutating func append(byte: UInt8, codePage: Int) {
    if highSurrogate != nil { flushSurrogate() }
    if codePage != pendingCodePage {
      flushBytes()
      pendingCodePage = codePage
    }
    pending.append(byte)
  }

  /// Adds a run of text bytes in `codePage`, without its NULs (a NUL is not RTF text).
  mutating func append(bytes: ArraySlice<UInt8>, codePage: Int) {
    if highSurrogate != nil { flushSurrogate() }
    if codePage != pendingCodePage {
      flushBytes()
      pendingCodePage = codePage
    }
    if bytes.contains(0) {
      pending.append(contentsOf: bytes.lazy.filter { $0 != 0 })
    } else {
      pending.append(contentsOf: bytes)
    }
  }

  /// Adds a UTF-16 code unit (`\uN`), pairing surrogates; an unpaired one becomes U+FFFD.
  mutating func append(utf16 unit: UInt16) {
    flushBytes()
    if UTF16.isLeadSurrogate(unit) {
      flushSurrogate()
      highSurrogate = unit
      return
    }
    if UTF16.isTrailSurrogate(unit) {
      if let high = highSurrogate {
        highSurrogate = nil
        text += String(decoding: [high, unit], as: UTF16.self)
      } else {
        text.unicodeScalars.append("\u{FFFD}")
      }
      return
    }
    flushSurrogate()
    if let scalar = Unicode.Scalar(unit) { text.unicodeScalars.append(scalar) }
  }

  /// Adds a character given by its scalar value.
  mutating func append(scalar value: UInt32) {
    flushBytes()
    flushSurrogate()
    if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
  }

  /// Adds a string.
  mutating func append(string: String) {
    flushBytes()
    flushSurrogate()
    text += string
  }

  /// The whole text, with anything pending decoded.
  mutating func finish() -> String {
    flushBytes()
    flushSurrogate()
    return text
  }

  /// Windows' CP_SYMBOL, the code page of `\fcharset2` fonts (Symbol): Greek letters, bullets,
  /// arrows and mathematical signs on byte values that other code pages give to Latin text.
  static let symbolCodePage = 42

  /// The characters of the Symbol font that differ from Windows-1252 and matter in text: the
  /// Greek alphabet, the bullet Word uses for lists (0xB7), arrows and a few signs.
  static let symbolCharacters: [UInt8: Unicode.Scalar] = {
    var table: [UInt8: Unicode.Scalar] = [:]
    let upper = Array("ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ".unicodeScalars)
    let lower = Array("αβχδεφγηιϕκλμνοπθρστυϖωξψζ".unicodeScalars)
    for index in 0..<26 {
      table[UInt8(ascii: "A") + UInt8(index)] = upper[index]
      table[UInt8(ascii: "a") + UInt8(index)] = lower[index]
    }
    let others: [(UInt8, Unicode.Scalar)] = [
      (0xB7, "\u{2022}"), (0xA7, "\u{2663}"), (0xA8, "\u{2666}"), (0xA9, "\u{2665}"),
      (0xAA, "\u{2660}"), (0xAB, "\u{2194}"), (0xAC, "\u{2190}"), (0xAD, "\u{2191}"),
      (0xAE, "\u{2192}"), (0xAF, "\u{2193}"), (0xB0, "\u{00B0}"), (0xB1, "\u{00B1}"),
      (0xB4, "\u{00D7}"), (0xB8, "\u{00F7}"), (0xB9, "\u{2260}"), (0xBA, "\u{2261}"),
      (0xBB, "\u{2248}"), (0xA3, "\u{2264}"), (0xB3, "\u{2265}"), (0xA5, "\u{221E}"),
      (0xD6, "\u{221A}"), (0xE0, "\u{25CA}"), (0xD7, "\u{22C5}"),
    ]
    for (byte, scalar) in others { table[byte] = scalar }
    return table
  }()

  /// Decodes the pending bytes into the text.
  private mutating func flushBytes() {
    guard !pending.isEmpty else { return }
    if pendingCodePage == Self.symbolCodePage {
      for byte in pending {
        if let scalar = Self.symbolCharacters[byte] {
          text.unicodeScalars.append(scalar)
        } else {
          text += MapiText.decode([byte], codePage: 1252)
        }
      }
      pending.removeAll(keepingCapacity: true)
      return
    }
    text += MapiText.decode(pending, codePage: pendingCodePage)
    pending.removeAll(keepingCapacity: true)
  }

  /// Writes a dangling high surrogate as U+FFFD.
  private mutating func flushSurrogate() {
    guard highSurrogate != nil else { return }
    highSurrogate = nil
    text.unicodeScalars.append("\u{FFFD}")
  }
}
