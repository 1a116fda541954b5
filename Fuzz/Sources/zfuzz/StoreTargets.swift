import Foundation
import MailModel

@testable import MailStores

/// Maildir file names: the info suffix is found at the last `:2,`/`;2,`/`!2,` (or `1,`), the base
/// and the info rebuild the name, and the flag letters give each system flag once and only
/// keyword letters `a`-`z`, without repeats, in first-seen order.
func fuzzMaildirName(_ data: [UInt8]) {
  let name = MaildirFileName(data)
  check(Array(data.prefix(name.base.count)) == Array(name.base), "base is not the name's start")
  func isSeparator(_ at: Int) -> Bool {
    at + 2 < data.count && [58, 59, 33].contains(data[at])
      && (data[at + 1] == 50 || data[at + 1] == 49) && data[at + 2] == 44
  }
  switch name.info {
  case .none:
    check(name.base.count == data.count, "no info, yet the base is shorter than the name")
    check(!(0..<data.count).contains(where: isSeparator), "an info separator was missed")
  case .flags(let letters), .experimental(let letters):
    let at = name.base.count
    check(isSeparator(at), "the info does not start with a separator")
    check(!(at + 1..<data.count).contains(where: isSeparator), "not the last separator")
    check(letters.startIndex == at + 3, "the info's letters do not follow the separator")
    if case .flags = name.info {
      check(letters.endIndex == data.count || data[letters.endIndex] == 44, "letters cut short")
      let (flags, keywords) = MaildirFileName.flags(of: letters)
      let expected: [(UInt8, MessageFlags)] = [
        (80, .forwarded), (82, .answered), (83, .seen), (84, .deleted), (68, .draft),
        (70, .flagged),
      ]
      for (letter, flag) in expected {
        check(flags.contains(flag) == letters.contains(letter), "flag \(letter) misread")
      }
      check(keywords.allSatisfy { (97...122).contains($0) }, "a keyword letter outside a-z")
      check(Set(keywords).count == keywords.count, "a keyword letter repeated")
      let firstSeen = letters.filter { (97...122).contains($0) }.reduce(into: [UInt8]()) {
        if !$0.contains($1) { $0.append($1) }
      }
      check(keywords == firstSeen, "keyword letters not in first-seen order")
    } else {
      check(letters.endIndex == data.count, "experimental info cut short")
    }
  }
}

/// mbox reader: the same messages, flags, keywords, dates and diagnostics whatever the read
/// size; no message is lost without a diagnostic; every diagnostic points inside the input.
func fuzzMboxRead(_ data: [UInt8]) {
  var input = FuzzInput(data)
  let chunk = input.size(upTo: 64)
  let bytes = Array(input.rest)
  struct Outcome: Equatable {
    var messages: [[UInt8]] = []
    var flags: [MessageFlags] = []
    var keywords: [[String]] = []
    var dates: [Int64] = []
    var diagnostics: [String] = []
    var dropped = 0
    var error: String?
  }
  func read(chunkSize: Int) -> Outcome {
    var outcome = Outcome()
    var diagnostics: [Diagnostic] = []
    let reader = MboxReader(path: "fuzz.mbox", options: ReadOptions(chunkSize: chunkSize))
    do {
      let collect: DiagnosticHandler = { diagnostics.append($0) }
      _ = try reader.read(
        source: MemoryByteSource(bytes, chunkSize: chunkSize), containerMtime: 1_700_000_000,
        diagnostics: collect,
        { message in
          outcome.messages.append(message.bytes)
          outcome.flags.append(message.flags)
          outcome.keywords.append(message.keywords)
          outcome.dates.append(message.internalDate)
        })
    } catch {
      check(isProjectError(error), "unlocated error \(error)")
      outcome.error = "\(error)"
    }
    for diagnostic in diagnostics {
      check(diagnostic.location.file == "fuzz.mbox", "diagnostic names another file")
      if let offset = diagnostic.location.offset {
        check(offset >= 0 && offset <= bytes.count, "diagnostic offset \(offset) outside input")
      }
    }
    outcome.diagnostics = diagnostics.map(\.description)
    outcome.dropped =
      diagnostics.filter { $0.severity == .skipped || $0.severity == .ignored }.count
    return outcome
  }
  let small = read(chunkSize: chunk)
  let whole = read(chunkSize: 1 << 20)
  check(small == whole, "read size \(chunk) changes what the reader gives")
  // Every message the splitter cuts is given, or skipped or ignored with a diagnostic.
  let cut = split(bytes, chunk: 1 << 20).chunks.count
  check(whole.messages.count + whole.dropped >= cut || whole.error != nil, "a message vanished")
}

/// emlx: any bytes parse or throw a located error inside the file; a file framed from a message
/// and a property list parses back to that message, its flags and its date.
func fuzzEmlx(_ data: [UInt8]) {
  do {
    let file = try EmlxFile.parse(data)
    check(
      file.messageRange.lowerBound >= 0 && file.messageRange.upperBound <= data.count,
      "message range outside the file")
  } catch let error as EmlxFormatError {
    check(error.offset >= 0 && error.offset <= data.count, "error offset outside the file")
  } catch {
    check(false, "unlocated error \(error)")
  }
  var input = FuzzInput(data)
  let flags = Int64(input.byte()) | Int64(input.byte()) << 8
  let date = 1 + (Int64(input.byte()) << 24 | Int64(input.byte()) << 8)
  let message = Array(input.rest)
  let plist =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"
    + "<key>date-received</key><integer>\(date)</integer>\n"
    + "<key>flags</key><integer>\(flags)</integer>\n</dict>\n</plist>\n"
  let framed = Array("\(message.count)        \n".utf8) + message + Array(plist.utf8)
  do {
    let file = try EmlxFile.parse(framed)
    check(Array(framed[file.messageRange]) == message, "emlx round trip changed the message")
    check(
      file.flags == flags,
      "emlx round trip: flags \(flags) read as \(String(describing: file.flags))")
    check(
      file.dateReceived == date,
      "emlx round trip: date \(date) read as \(String(describing: file.dateReceived))")
  } catch {
    check(false, "a well-framed emlx was refused: \(error)")
  }
}
