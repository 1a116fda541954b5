import MailModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A message's MIME tree (RFC 2045/2046), parsed once from its bytes into parts that point into
/// them. Robust on broken input: a missing closing boundary ends the last part at the end of its
/// multipart, a multipart whose boundary never appears holds its whole body as one text/plain
/// part, CRLF and LF line ends are both read, and nesting deeper than `maximumDepth` is kept as
/// an opaque leaf. Parsing is linear in the size times the nesting depth and never traps.
public struct MimeStructure: Sendable {
  /// How deep entities may nest before the rest is kept as a leaf.
  public static let maximumDepth = 64

  private static let envelopeFrom = Array("From ".utf8)

  /// The message bytes the ranges point into.
  public let bytes: [UInt8]
  /// Every entity in depth-first order; `parts[0]` is the message itself.
  public private(set) var parts: [MimePart] = []

  /// Parses `bytes`, a whole RFC 5322 message.
  public init(bytes: [UInt8]) {
    self.bytes = bytes
    entity(
      0..<bytes.count, defaultType: "text/plain", name: "", parent: nil, position: 0,
      isMessage: true, depth: 0)
  }

  /// The part numbered `number` (`1.2`), nil when there is none.
  public func part(numbered number: String) -> MimePart? {
    parts.first { $0.number == number }
  }

  /// The parts that are not multiparts (message/rfc822 parts included), in part order.
  public var leaves: [MimePart] { parts.filter { !$0.isMultipart } }

  // MARK: - Parsing

  private mutating func entity(
    _ range: Range<Int>, defaultType: String, name: String, parent: Int?, position: Int,
    isMessage: Bool, depth: Int
  ) {
    var range = range
    if isMessage, bytes[range].starts(with: Self.envelopeFrom), range.count > 5,
      bytes[range.lowerBound + 5] != UInt8(ascii: " "),
      bytes[range.lowerBound + 5] != UInt8(ascii: ":"),
      let newline = bytes[range].firstIndex(of: 0x0A)
    {
      // An mbox `From ` envelope line left in front of a message: not a header; pass over it.
      range = (newline + 1)..<range.upperBound
    }
    let (headerEnd, bodyStart) = bytes.withUnsafeBufferPointer { buffer in
      let bounds = HeaderSection.bounds(of: UnsafeBufferPointer(rebasing: buffer[range]))
      return (range.lowerBound + bounds.end, range.lowerBound + bounds.bodyStart)
    }
    let header = Array(bytes[range.lowerBound..<headerEnd])
    var contentType: String?
    var transferEncoding: String?
    var disposition: String?
    var contentID: String?
    for field in HeaderSection.fields(of: header) {
      switch field.name.lowercased() {
      case "content-type" where contentType == nil: contentType = field.text(in: header)
      case "content-transfer-encoding" where transferEncoding == nil:
        transferEncoding = field.text(in: header)
      case "content-disposition" where disposition == nil: disposition = field.text(in: header)
      case "content-id" where contentID == nil: contentID = field.text(in: header)
      default: break
      }
    }
    let typeHeader = StructuredHeader(contentType ?? "")
    var type = typeHeader.value
    if !Self.isMediaType(type) { type = defaultType }
    let dispositionHeader = StructuredHeader(disposition ?? "")
    let isMultipart = type.hasPrefix("multipart/")
    let number: String
    if isMessage {
      let own = isMultipart ? "TEXT" : "1"
      number = name.isEmpty ? own : name + "." + own
    } else {
      number = name
    }
    let fileName = (dispositionHeader.parameters["filename"] ?? typeHeader.parameters["name"])
      .map(Self.sanitizedFileName)
    var encoding = (transferEncoding ?? "").trimmingBlanksAndComments().lowercased()
    if let semicolon = encoding.firstIndex(of: ";") {
      encoding = String(encoding[..<semicolon]).trimmingWhitespace()
    }
    parts.append(
      MimePart(
        number: number, headerRange: range.lowerBound..<headerEnd,
        bodyRange: min(bodyStart, range.upperBound)..<range.upperBound, contentType: type,
        parameters: typeHeader.parameters, transferEncoding: encoding,
        disposition: dispositionHeader.value, fileName: fileName,
        contentID: contentID.map { Self.unbracketed($0) }, parent: parent, children: [],
        position: position, isMessage: isMessage, depth: depth))
    let index = parts.count - 1
    if let parent { parts[parent].children.append(index) }
    guard depth < Self.maximumDepth else { return }
    let body = parts[index].bodyRange
    if isMultipart {
      multipart(index, body: body, name: name, depth: depth)
    } else if type == "message/rfc822" || type == "message/global",
      encoding.isEmpty || encoding == "7bit" || encoding == "8bit" || encoding == "binary"
    {
      entity(
        body, defaultType: "text/plain", name: number, parent: index, position: 0,
        isMessage: true, depth: depth + 1)
    }
  }

  /// Splits a multipart body on its boundary and parses each part.
  private mutating func multipart(_ index: Int, body: Range<Int>, name: String, depth: Int) {
    let digest = parts[index].contentType == "multipart/digest"
    let childDefault = digest ? "message/rfc822" : "text/plain"
    let boundary = Array((parts[index].parameters["boundary"] ?? "").utf8)
    let delimiters = boundary.isEmpty ? [] : Self.delimiters(in: bytes, body, boundary: boundary)
    var ranges: [Range<Int>] = []
    for (k, delimiter) in delimiters.enumerated() where !delimiter.isClose {
      let start = delimiter.next
      let end = k + 1 < delimiters.count ? delimiters[k + 1].contentEnd : body.upperBound
      if k + 1 == delimiters.count && start >= end { break }  // a final open delimiter
      ranges.append(start..<max(start, end))
    }
    if ranges.isEmpty {
      // No usable boundary: the whole body is one text part, as Zimbra wraps raw content.
      parts.append(
        MimePart(
          number: name.isEmpty ? "1" : name + ".1", headerRange: body.lowerBound..<body.lowerBound,
          bodyRange: body, contentType: "text/plain", parameters: [:], transferEncoding: "",
          disposition: "", fileName: nil, contentID: nil, parent: index, children: [],
          position: 1, isMessage: false, depth: depth + 1))
      parts[index].children.append(parts.count - 1)
      return
    }
    for (k, range) in ranges.enumerated() {
      let childName = name.isEmpty ? "\(k + 1)" : "\(name).\(k + 1)"
      entity(
        range, defaultType: childDefault, name: childName, parent: index, position: k + 1,
        isMessage: false, depth: depth + 1)
    }
  }

  /// One boundary delimiter line: where the content before it ends (its preceding line break
  /// belongs to it, RFC 2046 §5.1.1), where the next part starts, and whether it closes.
  struct Delimiter: Equatable {
    var contentEnd: Int
    var next: Int
    var isClose: Bool
  }

  /// The delimiter lines of `boundary` in `range`, up to and including the first closing one.
  static func delimiters(in bytes: [UInt8], _ range: Range<Int>, boundary: [UInt8]) -> [Delimiter] {
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return [] }
      var found: [Delimiter] = []
      var lineStart = range.lowerBound
      let end = range.upperBound
      while lineStart < end {
        let newline = memchr(base + lineStart, 0x0A, end - lineStart).map {
          base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
        }
        let lineEnd = newline ?? end
        if let delimiter = delimiter(buffer, lineStart..<lineEnd, boundary: boundary) {
          var contentEnd = lineStart
          if contentEnd > range.lowerBound, buffer[contentEnd - 1] == 0x0A {
            contentEnd -= 1
            if contentEnd > range.lowerBound, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
          }
          let next = newline.map { $0 + 1 } ?? end
          found.append(Delimiter(contentEnd: contentEnd, next: next, isClose: delimiter))
          if delimiter { break }
        }
        lineStart = lineEnd + 1
      }
      return found
    }
  }

  /// Whether the line is a delimiter of `boundary`: nil when not, else whether it is the closing
  /// one (`--boundary--`). Transport padding (spaces, tabs, a CR) may follow.
  private static func delimiter(
    _ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, boundary: [UInt8]
  ) -> Bool? {
    let dash = UInt8(ascii: "-")
    guard line.count >= boundary.count + 2, buffer[line.lowerBound] == dash,
      buffer[line.lowerBound + 1] == dash
    else { return nil }
    var i = line.lowerBound + 2
    for byte in boundary {
      guard buffer[i] == byte else { return nil }
      i += 1
    }
    var isClose = false
    if i + 1 < line.upperBound, buffer[i] == dash, buffer[i + 1] == dash {
      isClose = true
      i += 2
    }
    while i < line.upperBound {
      let byte = buffer[i]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return nil }
      i += 1
    }
    return isClose
  }

  /// Whether `type` looks like `type/subtype` (no blanks, one slash inside).
  private static func isMediaType(_ type: String) -> Bool {
    guard let slash = type.firstIndex(of: "/"), slash != type.startIndex,
      type.index(after: slash) != type.endIndex
    else { return false }
    return !type.contains(" ") && !type.contains("\t")
  }

  /// A file name as Zimbra keeps it: control characters made spaces, and numeric character
  /// references (`&#26085;`, which some mailers write) expanded.
  static func sanitizedFileName(_ name: String) -> String {
    var clean = String(
      String.UnicodeScalarView(
        name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    if clean.contains("&#") { clean = HTMLText.expandingNumericReferences(clean) }
    return clean
  }

  /// The value without surrounding blanks and angle brackets.
  static func unbracketed(_ value: String) -> String {
    var text = Substring(value.trimmingWhitespace())
    if text.hasPrefix("<") { text = text.dropFirst() }
    if text.hasSuffix(">") { text = text.dropLast() }
    return String(text).trimmingWhitespace()
  }
}
