import Foundation
import MailModel

/// The read state and flags an EML file states in its own headers (SOURCE-FORMATS.md §5).
///
/// A file is read unless it says otherwise:
/// * `Status:` without `R` is unread (readpst writes `Status: RO` for read messages only, so a
///   file readpst wrote — its `boundary-LibPST-iamunique-` boundary or `X-libpst-forensic-*`
///   fields show it — with no `Status:` is unread too);
/// * else `X-Mozilla-Status` with bit 0x0001 clear is unread; its bits 0x0002 (replied),
///   0x0004 (flagged) and 0x1000 (forwarded) are read as in the mbox reader, and 0x0008
///   (expunged) means the file is not a message to import;
/// * `X-Status:` letters `A F T D` as in the mbox reader;
/// * `X-Unsent: 1` (Outlook and Windows Mail) is a draft.
///
/// The headers stay in the bytes: an EML file is written exactly as it is (FIDELITY.md).
struct EmlHeaderState: Equatable {
  var flags: MessageFlags
  /// Thunderbird's expunged bit (0x0008): the message was deleted and not compacted away.
  var expunged: Bool

  init(flags: MessageFlags, expunged: Bool = false) {
    self.flags = flags
    self.expunged = expunged
  }

  static func read(_ fields: [HeaderField], in bytes: [UInt8]) -> EmlHeaderState {
    var status: String?
    var mozillaStatus: UInt32?
    var xStatus: String?
    var unsent = false
    var writtenByReadpst = false
    for field in fields {
      switch field.name.lowercased() {
      case "status":
        if status == nil { status = field.value(in: bytes) }
      case "x-mozilla-status":
        if mozillaStatus == nil { mozillaStatus = UInt32(field.value(in: bytes), radix: 16) }
      case "x-status":
        if xStatus == nil { xStatus = field.value(in: bytes) }
      case "x-unsent":
        if field.value(in: bytes) == "1" { unsent = true }
      case "content-type":
        if field.value(in: bytes).contains("boundary-LibPST-iamunique-") { writtenByReadpst = true }
      case "x-libpst-forensic-sender", "x-libpst-forensic-bcc":
        writtenByReadpst = true
      default:
        break
      }
    }
    var flags: MessageFlags = []
    let seen: Bool
    if let status {
      seen = status.contains("R")
    } else if let mozillaStatus {
      seen = mozillaStatus & 0x0001 != 0
    } else {
      seen = !writtenByReadpst
    }
    if seen { flags.insert(.seen) }
    if let mozillaStatus {
      if mozillaStatus & 0x0002 != 0 { flags.insert(.answered) }
      if mozillaStatus & 0x0004 != 0 { flags.insert(.flagged) }
      if mozillaStatus & 0x1000 != 0 { flags.insert(.forwarded) }
    }
    if let xStatus {
      if xStatus.contains("A") { flags.insert(.answered) }
      if xStatus.contains("F") { flags.insert(.flagged) }
      if xStatus.contains("T") { flags.insert(.draft) }
      if xStatus.contains("D") { flags.insert(.deleted) }
    }
    if unsent { flags.insert(.draft) }
    return EmlHeaderState(flags: flags, expunged: (mozillaStatus ?? 0) & 0x0008 != 0)
  }
}

/// Chooses an EML message's internal date as `--date-from` says (FIDELITY.md "EML: --date-from").
enum EmlDate {
  /// The date and its source; `fellBack` is true when the headers had nothing usable and the
  /// file's mtime was taken although the preference named a header.
  static func choose(
    _ preference: DatePreference?, fields: [HeaderField], in bytes: [UInt8], mtime: Int64
  ) -> (date: Int64, source: DateSource, fellBack: Bool) {
    let order = preference ?? .received
    if order == .mtime { return (mtime, .fileMtime, false) }
    let received = {
      MailDate.newestReceived(
        fields.filter { $0.name.lowercased() == "received" }.map { $0.value(in: bytes) })
    }
    let dateHeader = {
      fields.first { $0.name.lowercased() == "date" }.flatMap {
        MailDate.parseRFC5322($0.value(in: bytes))
      }
    }
    if order == .received {
      if let t = received() { return (t, .received, false) }
      if let t = dateHeader() { return (t, .dateHeader, false) }
    } else {
      if let t = dateHeader() { return (t, .dateHeader, false) }
      if let t = received() { return (t, .received, false) }
    }
    return (mtime, .fileMtime, true)
  }
}

/// Content sniffing for files whose name does not say what they are.
enum EmlSniff {
  /// `D0 CF 11 E0 A1 B1 1A E1`: an OLE compound file (Outlook `.msg`, also old Office files).
  static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
  /// The fields one of which an RFC 822 header section must have to count as a message.
  static let messageFields: Set<String> = ["from", "date", "subject", "message-id", "received"]
  /// How much of a file the sniff reads.
  static let prefixLength = 64 << 10
  /// `From `, the start of an mbox envelope line.
  static let envelopeStart = Array("From ".utf8)

  static func isCompoundFile<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    bytes.starts(with: compoundFileMagic)
  }

  /// Whether the first line is a header field `Name:` (printable ASCII name, no spaces).
  static func firstLineIsField(_ bytes: [UInt8]) -> Bool {
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: ":") { return i > 0 }
      if c <= 0x20 || c >= 0x7F { return false }
      i += 1
    }
    return false
  }

  /// Whether `prefix` (the start of a file) is an RFC 822 message: its first line is a header
  /// field and its header section has `From:`, `Date:`, `Subject:`, `Message-ID:` or `Received:`.
  static func looksLikeMessage(_ prefix: [UInt8]) -> Bool {
    guard firstLineIsField(prefix) else { return false }
    return HeaderSection.fields(of: prefix).contains {
      messageFields.contains($0.name.lowercased())
    }
  }

  /// Whether `prefix` is an RFC 822 message by the stricter test for files whose extension
  /// names another kind of file (`notes.txt`): a header section with `From:` and one of `Date:`,
  /// `Received:` or `Message-ID:`, as every delivered or sent message has.
  static func looksLikeDeliveredMessage(_ prefix: [UInt8]) -> Bool {
    guard firstLineIsField(prefix) else { return false }
    let names = Set(HeaderSection.fields(of: prefix).map { $0.name.lowercased() })
    return names.contains("from") && !names.isDisjoint(with: ["date", "received", "message-id"])
  }

  /// Whether the file named `name` whose start is `prefix` is one RFC 822 message: a name with
  /// no extension, or a mail one (`.eml`, `.msg`), needs `looksLikeMessage`; any other
  /// extension needs `looksLikeDeliveredMessage`.
  static func isMessageFile(_ prefix: [UInt8], name: [UInt8]) -> Bool {
    switch EmlTreeClassifier.fileExtension(EmlTreeClassifier.lowercased(name)) {
    case nil, "eml", "msg": return looksLikeMessage(prefix)
    default: return looksLikeDeliveredMessage(prefix)
    }
  }

  /// Whether the file starts with `BEGIN:<object>` (vCard, iCalendar), case-insensitively,
  /// after an optional UTF-8 byte-order mark.
  static func begins(_ prefix: [UInt8], object: String) -> Bool {
    var bytes = prefix[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    let wanted = Array("BEGIN:\(object)".utf8)
    guard bytes.count >= wanted.count else { return false }
    return zip(bytes, wanted).allSatisfy { lowered($0) == lowered($1) }
  }

  /// Whether the file starts with an mbox `From ` separator line whose date parses (so a text
  /// file that happens to begin with "From " is not taken for one).
  static func isMbox(_ prefix: [UInt8]) -> Bool {
    let from = Array("From ".utf8)
    guard prefix.starts(with: from) else { return false }
    let lineEnd = prefix.firstIndex(of: UInt8(ascii: "\n")) ?? prefix.count
    guard lineEnd <= 1024 else { return false }
    let rest = MailText.decode(prefix[from.count..<lineEnd])
    return MailDate.parseFromLine(rest, zone: TimeZone(secondsFromGMT: 0) ?? .current) != nil
  }

  /// Whether the file starts with an mbox envelope line: `From ` followed by a sender and a
  /// date, or a bare `From ` line (Thunderbird's `From - `) followed by a header field. Such a
  /// file is an mbox of one or more messages, whatever its name.
  static func startsWithEnvelope(_ prefix: [UInt8]) -> Bool {
    guard prefix.starts(with: envelopeStart) else { return false }
    if isMbox(prefix) { return true }
    guard
      let lineEnd = prefix.firstIndex(of: UInt8(ascii: "\n")), lineEnd <= 1024
    else { return false }
    let rest = MailText.decode(prefix[5..<lineEnd])
    let tokens = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
    guard tokens.count <= 1 else { return false }
    return firstLineIsField(Array(prefix[(lineEnd + 1)...].prefix(1024)))
  }

  /// Whether `prefix` is an RFC 822 message, or an mbox envelope line followed by one.
  static func looksLikeMail(_ prefix: [UInt8]) -> Bool {
    looksLikeMessage(prefix) || startsWithEnvelope(prefix)
  }

  static func lowered(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
  }
}
