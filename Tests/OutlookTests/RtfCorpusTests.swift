import Foundation
import TestSupport
import Testing

@testable import Outlook

/// The streams of one `.msg` file as libolecf's `olecfexport` writes them: one folder per storage
/// or stream, each stream's bytes in `StreamData.bin`.
struct ExportedMsg {
  /// The folder olecfexport made for the file.
  let root: URL

  /// Whether olecfexport is installed.
  static var toolIsPresent: Bool {
    (try? ExternalProgram.run("/usr/bin/env", ["olecfexport", "-V"]))?.status == 0
  }

  /// Exports `file` into `directory` with `olecfexport -t`; throws when the tool fails.
  init(_ file: URL, into directory: TemporaryDirectory) throws {
    let target = directory.url.appendingPathComponent("export")
    let run = try ExternalProgram.run(
      "/usr/bin/env", ["olecfexport", "-t", target.path, file.path])
    guard run.status == 0 else {
      throw OutlookError("olecfexport failed: \(run.errors)", at: .init(file: file.path))
    }
    // olecfexport adds ".export" to the target it is given.
    let suffixed = URL(fileURLWithPath: target.path + ".export")
    root = FileManager.default.fileExists(atPath: suffixed.path) ? suffixed : target
  }

  /// The bytes of the stream at `path` (storages and the stream's name, `/`-separated), or nil.
  func stream(_ path: String) -> [UInt8]? {
    let url = root.appendingPathComponent(path).appendingPathComponent("StreamData.bin")
    return (try? Data(contentsOf: url)).map { Array($0) }
  }

  /// The paths of every stream called `name`, at any depth (attachments, embedded messages).
  func streams(named name: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var found: [String] = []
    while let path = walker.nextObject() as? String {
      if (path.hasSuffix("/" + name) || path == name) && !path.hasPrefix("__nameid_version1.0") {
        found.append(path)
      }
    }
    return found.sorted()
  }

  /// A 32-bit property of the message from its `__properties_version1.0` stream ([MS-OXMSG]
  /// §2.4.1: a 32-byte header at the top level, then 16-byte entries of tag, flags and value).
  func topLevelInteger(tag: UInt32) -> Int? {
    guard let stream = stream("__properties_version1.0") else { return nil }
    var offset = 32
    while offset + 16 <= stream.count {
      let entryTag = (0..<4).reduce(UInt32(0)) { $0 | UInt32(stream[offset + $1]) << ($1 * 8) }
      if entryTag == tag {
        return Int((0..<4).reduce(UInt32(0)) { $0 | UInt32(stream[offset + 8 + $1]) << ($1 * 8) })
      }
      offset += 16
    }
    return nil
  }
}

@Suite struct RtfCorpusTests {
  /// The `.msg` files of the shared corpus.
  static func messageFiles() -> [URL] {
    let folder = Corpus.url("outlook/msg")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".msg") }.sorted().map { folder.appendingPathComponent($0) }
  }

  /// One pass over the 75 `.msg` files (olecfexport writes about 33,000 files for them, so they
  /// are exported once): (a) every PR_RTF_COMPRESSED stream at any depth decompresses with its
  /// CRC checked, to RAWSIZE bytes starting with `{\rtf`; (b) where the message also stores
  /// PR_HTML (for `\fromhtml1`) or PR_BODY (for `\fromtext`), the de-encapsulated body agrees;
  /// (c) for native RTF, the text rendering agrees with the PR_BODY Outlook made from it.
  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: ExportedMsg.toolIsPresent, "olecfexport (libolecf-utils) not installed"))
  func msgCorpusRtfDecompressesAndMatchesTheStoredBodies() throws {
    let files = Self.messageFiles()
    #expect(files.count == 75)
    var streams = 0
    var compressedBytes = 0
    var rawBytes = 0
    var seconds = 0.0
    var parseSeconds = 0.0
    var tally: [Agreement: [String]] = [:]
    for file in files {
      let directory = try TemporaryDirectory()
      defer { directory.cleanup() }
      let exported = try ExportedMsg(file, into: directory)
      for path in exported.streams(named: "__substg1.0_10090102") {
        let bytes = try #require(exported.stream(path))
        let start = Date()
        let rtf: [UInt8]
        do {
          rtf = try CompressedRtf.decompress(bytes)
        } catch {
          Issue.record("\(file.lastPathComponent) \(path): \(error)")
          continue
        }
        seconds += Date().timeIntervalSince(start)
        streams += 1
        compressedBytes += bytes.count
        rawBytes += rtf.count
        let parseStart = Date()
        _ = RtfBody.content(of: rtf)
        parseSeconds += Date().timeIntervalSince(parseStart)
        #expect(rtf.starts(with: Array(#"{\rtf"#.utf8)), "\(file.lastPathComponent) \(path)")
        let rawSize = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        #expect(rtf.count == rawSize, "\(file.lastPathComponent) \(path)")
        if path == "__substg1.0_10090102", let agreement = Self.agreement(of: rtf, in: exported) {
          let kind: String
          switch RtfBody.content(of: rtf) {
          case .html: kind = "html"
          case .text: kind = "text"
          case .native: kind = "native"
          }
          tally[agreement, default: []].append("\(kind) \(file.lastPathComponent)")
          #expect(agreement != .different, "\(file.lastPathComponent)")
        }
      }
    }
    #expect(streams > 60)
    print(
      "compressed RTF: \(streams) streams, \(compressedBytes) bytes in, \(rawBytes) bytes out, "
        + "decompression \(Int(Double(rawBytes) / max(seconds, 1e-9) / 1_000_000)) MB/s out, "
        + "body extraction \(Int(Double(rawBytes) / max(parseSeconds, 1e-9) / 1_000_000)) MB/s "
        + "(in a debug build)")
    print(
      "de-encapsulation against the stored PR_HTML/PR_BODY: "
        + Agreement.allCases.map { "\($0): \(tally[$0] ?? [])" }.joined(separator: "; "))
    #expect((tally[.exact]?.count ?? 0) + (tally[.withoutContentTypeMeta]?.count ?? 0) >= 18)
  }

  /// How the body de-encapsulated from the message's `rtf` compares with the PR_HTML or PR_BODY
  /// it stores; nil when the RTF is native or the message stores no body to compare with.
  static func agreement(of rtf: [UInt8], in exported: ExportedMsg) -> Agreement? {
    switch RtfBody.content(of: rtf) {
    case .html(let html):
      // PR_HTML as binary is in the message's PR_INTERNET_CPID (0x3FDE0003) code page.
      if let binary = exported.stream("__substg1.0_10130102") {
        let codePage = exported.topLevelInteger(tag: 0x3FDE_0003) ?? 1252
        return compareHTML(html, MapiText.decode(MapiText.trimmingNUL(binary), codePage: codePage))
      }
      if let unicode = exported.stream("__substg1.0_1013001F") {
        return compareHTML(html, MapiText.utf16(unicode))
      }
      return nil
    case .text(let text):
      guard let stored = storedBody(exported) else { return nil }
      return text == stored ? .exact : .different
    case .native(let text):
      // Outlook's own text rendering of the RTF, when it stored one.
      guard let stored = storedBody(exported) else { return nil }
      if text == stored { return .exact }
      let storedText = removingLinkTargets(stored)
      if withoutWhitespace(text) == withoutWhitespace(storedText) { return .sameVisibleText }
      return lettersAndDigits(text) == lettersAndDigits(storedText)
        ? .sameLettersAndDigits : .different
    }
  }

  /// PR_BODY: the Unicode string, or the 8-bit one in the message's PR_INTERNET_CPID.
  static func storedBody(_ exported: ExportedMsg) -> String? {
    if let unicode = exported.stream("__substg1.0_1000001F") { return MapiText.utf16(unicode) }
    guard let eightBit = exported.stream("__substg1.0_1000001E") else { return nil }
    let codePage = exported.topLevelInteger(tag: 0x3FDE_0003) ?? 1252
    return MapiText.decode(MapiText.trimmingNUL(eightBit), codePage: codePage)
  }

  /// `text` without the `<http…>` and `<mailto:…>` targets Outlook writes after a link's text
  /// in PR_BODY (the RTF's HYPERLINK field keeps the target in its instruction, which a text
  /// rendering skips).
  static func removingLinkTargets(_ text: String) -> String {
    text.replacingOccurrences(
      of: "<(https?|mailto):[^>]*>", with: "", options: [.regularExpression, .caseInsensitive])
  }

  /// The letters and digits of `text`, in order.
  static func lettersAndDigits(_ text: String) -> String {
    text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
      .map(String.init).joined()
  }

  /// `text` with every whitespace character removed.
  static func withoutWhitespace(_ text: String) -> String {
    text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(String.init).joined()
  }

  /// How a de-encapsulated body compares with the one the message stores.
  enum Agreement: String, CaseIterable {
    /// Equal, character for character.
    case exact
    /// Equal once the stored HTML's `<meta http-equiv="Content-Type" …>` tag is removed: Outlook
    /// leaves that tag out of the RTF (the RTF states its own code page with `\ansicpg`).
    case withoutContentTypeMeta
    /// Only the visible text is equal. HTML: tags removed, `&nbsp;` as a space, whitespace
    /// removed, because the RTF was made by another converter from a re-serialised HTML
    /// (Exchange's: added `<tbody>`, U+00A0 for `&nbsp;`, other line breaks and tag case).
    /// Native RTF: whitespace removed and the `<URL>` Outlook adds after a link's text dropped.
    case sameVisibleText
    /// Only the letters and digits are equal: punctuation and symbols differ (Outlook's PR_BODY
    /// writes `*` for a list bullet that is U+2022 in the RTF's Symbol font).
    case sameLettersAndDigits
    /// Not even the letters and digits are equal.
    case different
  }

  /// How the de-encapsulated `html` compares with the `stored` PR_HTML.
  static func compareHTML(_ html: String, _ stored: String) -> Agreement {
    if html == stored { return .exact }
    if html == removingContentTypeMeta(stored) { return .withoutContentTypeMeta }
    return visibleText(html) == visibleText(stored) ? .sameVisibleText : .different
  }

  /// `html` without its `<meta http-equiv="Content-Type" …>` tags (any case, quoted or not).
  static func removingContentTypeMeta(_ html: String) -> String {
    html.replacingOccurrences(
      of: #"<meta\s+http-equiv="?content-type"?[^>]*>"#, with: "",
      options: [.regularExpression, .caseInsensitive])
  }

  /// The characters of `html` outside tags, with `&nbsp;` as a space and all whitespace removed.
  static func visibleText(_ html: String) -> String {
    withoutWhitespace(
      html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        .replacingOccurrences(of: "&nbsp;", with: " "))
  }
}
