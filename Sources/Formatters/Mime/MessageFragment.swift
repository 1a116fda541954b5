/// Zimbra's message fragment: the short preview of a message's body that its atom and rss feeds
/// (and its clients) show, made the way Zimbra's `Fragment` class makes it.
///
/// The rules: the body text is trimmed; a leading quote header (`On Monday, Ann wrote:`) and the
/// quoted lines after it (`>` or `|`) are skipped; later quoted blocks are skipped too and leave
/// ` ...` where they were; a signature line (`-- `) ends it; a line that says the rest is an
/// earlier message (`-- Original Message --`, a line of underscores, `-- Forwarded Message --`)
/// ends it, unless nothing came before, in which case the headers of that earlier message are
/// skipped and its text is used. Each line has its white space collapsed, control characters
/// dropped and runs of `-` or `=` cut to two; lines are joined by a space. Past 150 characters the
/// text is cut at the last space and ends with ` ...`. When all of this leaves nothing, the whole
/// body, collapsed, is used.
///
/// Differences from Zimbra: lengths count characters (grapheme clusters), not UTF-16 code units,
/// so text outside the Basic Multilingual Plane may give a longer fragment; and the body text
/// Zimbra feeds it comes from its own HTML-to-text converter, ours from `HTMLText`.
public enum MessageFragment {
  /// The longest fragment before it is cut.
  public static let maximumLength = 150

  /// The fragment of `body` (the text of a message's body parts). With `calendar` (an
  /// invitation), the `When:`/`Organizer:` lines of Outlook invitations are skipped first.
  public static func make(from body: String, calendar: Bool = false) -> String {
    let normalized = body.contains("\r\n") ? body.replacing("\r\n", with: "\n") : body
    let whole = Substring(normalized).trimmed()
    var remainder = whole
    if calendar { remainder = skipHeaderLines(remainder, calendar: true) }
    remainder = skipQuote(remainder, twoLineHeader: true).text
    var fragment = ""
    var elided = false
    var mainMessage = true
    while fragment.count <= maximumLength {
      if remainder.hasPrefix(">") || remainder.hasPrefix("|") {
        if mainMessage {
          remainder = skipQuote(remainder, twoLineHeader: false).text
          elided = true
        } else {
          remainder = remainder.dropFirst().trimmed()
        }
      }
      if remainder.isEmpty { break }
      let newline = remainder.firstIndex(of: "\n")
      let firstLine = remainder[..<(newline ?? remainder.endIndex)]
      if firstLine == "-- " { break }
      let line = firstLine.trimmed()
      if mainMessage, line.hasSuffix(":"), newline != nil {
        let skipped = skipQuote(remainder, twoLineHeader: false)
        if skipped.changed {
          remainder = skipped.text
          elided = true
          continue
        }
      }
      let compressed = compress(line)
      let rest = newline.map { remainder[$0...].trimmed() } ?? ""
      if stopLines.contains(compressed.lowercased()) {
        if !fragment.isEmpty || newline == nil { break }
        // Nothing but an earlier message: keep the marker and show that message's text.
        fragment += compressed
        remainder = skipHeaderLines(rest, calendar: false)
        elided = false
        mainMessage = false
        continue
      }
      if !fragment.isEmpty {
        if elided { fragment += " ..." }
        fragment += " "
      }
      fragment += compressed
      remainder = rest
      elided = false
    }
    if fragment.isEmpty { fragment = compress(whole) }
    guard fragment.count > maximumLength else { return fragment }
    var cut = Substring(fragment.prefix(maximumLength))
    if let space = cut.lastIndex(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
      cut = cut[..<space].trimmed()
    }
    return cut.hasSuffix(" ...") ? String(cut) : String(cut) + " ..."
  }

  /// Lines after which the rest is an earlier message (compared without case).
  private static let stopLines: Set<String> = [
    "--original message--", "-- original message --", "________________________________",
    "--original invite--", "--forwarded message--", "-- forwarded message --",
  ]

  /// Whether `text` starts with `Name:` on its first line (no blanks in the name unless
  /// `allowSpaces`).
  private static func startsWithHeader(_ text: Substring, allowSpaces: Bool) -> Bool {
    for (offset, character) in text.enumerated() {
      if character == ":" { return offset != 0 }
      if character == "\n" || character == "\r" || character == "\r\n" { return false }
      if !allowSpaces && character.isWhitespace { return false }
    }
    return false
  }

  /// The text after a block of `Name: value` lines that a blank line ends; the text itself when
  /// there is no such block.
  private static func skipHeaderLines(_ text: Substring, calendar: Bool) -> Substring {
    var rest = text
    var checkpoint = text
    while let first = rest.first {
      rest = rest.trimmed()
      if first == "\n" || first == "\r" || first == "\r\n" { checkpoint = rest }
      let newline = rest.firstIndex(of: "\n")
      if !startsWithHeader(rest, allowSpaces: calendar) {
        if calendar {
          let line = rest[..<(newline ?? rest.endIndex)].trimmed()
          if line == "*~*~*~*~*~*~*~*~*~*" {
            checkpoint = newline.map { rest[$0...].dropFirst().trimmed() } ?? ""
          }
        }
        break
      }
      guard let newline else {
        checkpoint = ""
        break
      }
      rest = rest[rest.index(after: newline)...]
    }
    return checkpoint.isEmpty ? text : checkpoint
  }

  /// `text` without a leading quote header (`... wrote:`, one line or two) and the quoted lines
  /// after it; unchanged when no quoted line follows.
  private static func skipQuote(_ text: Substring, twoLineHeader: Bool) -> (
    text: Substring, changed: Bool
  ) {
    var rest = text
    var searchFrom = rest.startIndex
    for _ in 0..<(twoLineHeader ? 2 : 1) {
      if rest.hasPrefix(">") || rest.hasPrefix("|") { break }
      guard let newline = rest[searchFrom...].firstIndex(of: "\n") else { break }
      if rest[..<newline].trimmed().hasSuffix(":") {
        rest = rest[rest.index(after: newline)...].trimmed()
        // A "[snipped]" line after the header is skipped too.
        if rest.hasPrefix("["), let end = rest.firstIndex(of: "\n"),
          rest[..<end].trimmed().hasSuffix("]")
        {
          rest = rest[rest.index(after: end)...].trimmed()
        }
        break
      }
      searchFrom = rest.index(after: newline)
    }
    for marker in [">", "|"] where rest.hasPrefix(marker) {
      while rest.hasPrefix(marker) {
        rest = rest.firstIndex(of: "\n").map { rest[rest.index(after: $0)...].trimmed() } ?? ""
      }
      return (rest, true)
    }
    return (text, false)
  }

  /// The line with white space collapsed to single spaces, control characters and U+FFFC,
  /// U+FFFE, U+FFFF dropped, runs of three or more `-` or `=` cut to two, trimmed; it stops a
  /// little past the maximum length.
  private static func compress(_ line: Substring) -> String {
    var out = ""
    var last: Character = " "
    var lastButOne: Character = "\0"
    var count = 0
    for original in line {
      if count > maximumLength + 5 { break }
      var character = original
      if character.isWhitespace { character = " " }
      if character == " " && last == " " { continue }
      if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
        scalar.value < 0x20 || scalar.value == 0xFFFC || scalar.value == 0xFFFE
          || scalar.value == 0xFFFF
      {
        continue
      }
      if (character == "-" || character == "=") && last == character && lastButOne == character {
        continue
      }
      lastButOne = last
      last = character
      out.append(character)
      count += 1
    }
    return String(Substring(out).trimmed())
  }
}

extension Substring {
  /// Without leading and trailing white space (line breaks included).
  fileprivate func trimmed() -> Substring {
    guard let first = firstIndex(where: { !$0.isWhitespace }),
      let last = lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return self[first...last]
  }
}
