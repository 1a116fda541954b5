import MailModel
import TextFormats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a repair gave up.
struct RepairFailure: Error {
  var reason: String
}

/// Walks one message and writes the repaired copy into `out`.
struct Repairer {
  let input: [UInt8]
  var out: [UInt8] = []
  var notes: [String] = []

  init(input: [UInt8]) {
    self.input = input
    out.reserveCapacity(input.count + input.count / 16 + 64)
  }

  private func longest(_ range: Range<Int>) -> Int { LongLineRepair.longestLine(input, range) }

  /// Writes the entity (header section and body) in `range` to `out`, repaired where needed.
  mutating func entity(
    _ range: Range<Int>, defaultType: String, label: String, eol inherited: [UInt8], isMessage: Bool
  ) throws(RepairFailure) {
    if longest(range) <= LongLineRepair.limit {
      out.append(contentsOf: input[range])
      return
    }
    let eol = LongLineRepair.lineEnding(input, range) ?? inherited
    let bounds = input.withUnsafeBufferPointer { buffer in
      HeaderSection.bounds(of: UnsafeBufferPointer(rebasing: buffer[range]))
    }
    let headerEnd = range.lowerBound + bounds.end
    let bodyStart = range.lowerBound + bounds.bodyStart
    let headerBytes = Array(input[range.lowerBound..<bodyStart])
    let fields = HeaderSection.fields(of: headerBytes)
    func value(_ name: String) -> String? {
      fields.first { $0.name.lowercased() == name }?.value(in: headerBytes)
    }
    let contentType = value("content-type")
    let mediaType = contentType.flatMap(Self.mediaType) ?? defaultType
    let encoding = value("content-transfer-encoding").map(Self.token) ?? ""
    let body = bodyStart..<range.upperBound
    let bodyIsLong = longest(body) > LongLineRepair.limit
    let place = label.isEmpty ? "message body" : "part \(label)"
    let identity = ["", "7bit", "8bit", "binary"].contains(encoding)

    if bodyIsLong && identity && mediaType.hasPrefix("multipart/") {
      guard let boundary = contentType.flatMap({ MimeParameters.value(of: "boundary", in: $0) }),
        !boundary.isEmpty
      else {
        throw RepairFailure(
          reason: "\(place) (\(mediaType)) has a long line but no boundary parameter")
      }
      try writeHeader(
        range.lowerBound..<headerEnd, fields: fields, eol: eol, label: label, setQP: nil)
      out.append(contentsOf: input[headerEnd..<bodyStart])
      try multipart(
        body, boundary: Array(boundary.utf8), digest: mediaType == "multipart/digest", label: label,
        eol: eol,
        mediaType: mediaType)
      return
    }
    if bodyIsLong && identity && (mediaType == "message/rfc822" || mediaType == "message/global") {
      try writeHeader(
        range.lowerBound..<headerEnd, fields: fields, eol: eol, label: label, setQP: nil)
      out.append(contentsOf: input[headerEnd..<bodyStart])
      try entity(
        body, defaultType: "text/plain", label: label.isEmpty ? "1" : label + ".1", eol: eol,
        isMessage: true)
      return
    }
    guard bodyIsLong else {
      // Only a header line is long.
      try writeHeader(
        range.lowerBound..<headerEnd, fields: fields, eol: eol, label: label, setQP: nil)
      out.append(contentsOf: input[headerEnd..<range.upperBound])
      return
    }

    let bodyLongest = longest(body)
    let newBody: [UInt8]
    var setQP: (isMessage: Bool, hadHeader: Bool)? = nil
    switch encoding {
    case "base64":
      newBody = LongLineRepair.rewrapBase64(input[body], eol: eol)
      notes.append(
        "\(place) (\(mediaType)): base64 re-wrapped at 76 characters per line (longest line was \(bodyLongest) bytes)"
      )
    case "quoted-printable":
      let decoded = LongLineRepair.decodeQuotedPrintable(input[body])
      newBody = QuotedPrintable.encode(decoded[...], eol: eol)
      notes.append(
        "\(place) (\(mediaType)): quoted-printable re-encoded with short lines (longest line was \(bodyLongest) bytes)"
      )
    case "", "7bit", "8bit", "binary":
      newBody = QuotedPrintable.encode(input[body], eol: eol)
      setQP = (isMessage, fields.contains { $0.name.lowercased() == "content-transfer-encoding" })
      let from = encoding.isEmpty ? "unencoded" : encoding
      notes.append(
        "\(place) (\(mediaType)): \(from) body re-encoded as quoted-printable (longest line was \(bodyLongest) bytes)"
      )
    default:
      throw RepairFailure(
        reason:
          "\(place) has a line of \(bodyLongest) bytes in the unsupported transfer encoding '\(encoding)'"
      )
    }
    let inserted = try writeHeader(
      range.lowerBound..<headerEnd, fields: fields, eol: eol, label: label, setQP: setQP)
    if inserted && headerEnd == bodyStart {
      // There was no blank line between header and body: one is needed now.
      out.append(contentsOf: eol)
    } else {
      out.append(contentsOf: input[headerEnd..<bodyStart])
    }
    out.append(contentsOf: newBody)
  }

  /// Writes a multipart body: preamble, delimiters and epilogue verbatim, each part via `entity`.
  private mutating func multipart(
    _ body: Range<Int>, boundary: [UInt8], digest: Bool, label: String, eol: [UInt8],
    mediaType: String
  ) throws(RepairFailure) {
    // Find the delimiter lines: `--boundary` at a line start, then only whitespace or `--`.
    var delimiters: [(lineStart: Int, next: Int, close: Bool)] = []
    var i = body.lowerBound
    let end = body.upperBound
    while i < end {
      var lineEnd = i
      while lineEnd < end && input[lineEnd] != 0x0A { lineEnd += 1 }
      let next = lineEnd < end ? lineEnd + 1 : end
      if lineEnd - i >= boundary.count + 2, input[i] == 0x2D, input[i + 1] == 0x2D,
        input[(i + 2)..<(i + 2 + boundary.count)].elementsEqual(boundary)
      {
        var j = i + 2 + boundary.count
        var close = false
        if j + 2 <= lineEnd, input[j] == 0x2D, input[j + 1] == 0x2D {
          close = true
          j += 2
        }
        var rest = true
        if !close {
          while j < lineEnd {
            let c = input[j]
            if c != 0x20 && c != 0x09 && c != 0x0D {
              rest = false
              break
            }
            j += 1
          }
        }
        if rest {
          delimiters.append((i, next, close))
          if close { break }
        }
      }
      i = next
    }
    guard let first = delimiters.first, !first.close else {
      throw RepairFailure(
        reason:
          "part \(label.isEmpty ? "(message)" : label) (\(mediaType)) has a long line but its boundary was not found"
      )
    }
    let preamble = body.lowerBound..<first.lineStart
    if longest(preamble) > LongLineRepair.limit {
      throw RepairFailure(reason: "the MIME preamble has a line of \(longest(preamble)) bytes")
    }
    let last = delimiters[delimiters.count - 1]
    if last.close {
      let epilogue = last.next..<end
      if longest(epilogue) > LongLineRepair.limit {
        throw RepairFailure(reason: "the MIME epilogue has a line of \(longest(epilogue)) bytes")
      }
    }
    var cursor = body.lowerBound
    for k in 0..<delimiters.count where !delimiters[k].close {
      let start = delimiters[k].next
      var stop = end
      if k + 1 < delimiters.count {
        // The line break before the next delimiter belongs to the delimiter.
        stop = delimiters[k + 1].lineStart
        if stop > start && input[stop - 1] == 0x0A {
          stop -= 1
          if stop > start && input[stop - 1] == 0x0D { stop -= 1 }
        }
      }
      out.append(contentsOf: input[cursor..<start])
      let partLabel = label.isEmpty ? "\(k + 1)" : "\(label).\(k + 1)"
      try entity(
        start..<stop, defaultType: digest ? "message/rfc822" : "text/plain", label: partLabel,
        eol: eol,
        isMessage: false)
      cursor = stop
    }
    out.append(contentsOf: input[cursor..<end])
  }

  /// Writes the header lines in `range` (field lines only, no blank line), folding lines over the
  /// limit and, when `setQP` is given, setting `Content-Transfer-Encoding: quoted-printable`.
  /// Returns whether a field was inserted (rather than replaced).
  @discardableResult
  private mutating func writeHeader(
    _ range: Range<Int>, fields: [HeaderField], eol: [UInt8], label: String,
    setQP: (isMessage: Bool, hadHeader: Bool)?
  ) throws(RepairFailure) -> Bool {
    var header = Array(input[range])
    var inserted = false
    if let setQP {
      let line = Array("Content-Transfer-Encoding: quoted-printable".utf8) + eol
      let cteFields = fields.filter { $0.name.lowercased() == "content-transfer-encoding" }
      if let firstField = cteFields.first {
        var rebuilt: [UInt8] = []
        var cursor = 0
        for field in cteFields {
          rebuilt.append(contentsOf: header[cursor..<field.range.lowerBound])
          if field.range == firstField.range { rebuilt.append(contentsOf: line) }
          cursor = field.range.upperBound
        }
        rebuilt.append(contentsOf: header[cursor...])
        header = rebuilt
      } else {
        if !header.isEmpty && header.last != 0x0A { header.append(contentsOf: eol) }
        if setQP.isMessage && !fields.contains(where: { $0.name.lowercased() == "mime-version" }) {
          header.append(contentsOf: Array("MIME-Version: 1.0".utf8) + eol)
          notes.append(
            "\(label.isEmpty ? "message" : "part \(label)"): MIME-Version: 1.0 added so the new Content-Transfer-Encoding counts"
          )
        }
        header.append(contentsOf: line)
        inserted = true
      }
    }
    if LongLineRepair.longestLine(header) > LongLineRepair.limit {
      header = try fold(header, eol: eol, label: label)
    }
    out.append(contentsOf: header)
    return inserted
  }

  /// Header lines over the limit folded before a space or tab.
  private mutating func fold(_ header: [UInt8], eol: [UInt8], label: String) throws(RepairFailure)
    -> [UInt8]
  {
    let limit = LongLineRepair.limit
    var result: [UInt8] = []
    result.reserveCapacity(header.count + 64)
    var lineStart = 0
    while lineStart < header.count {
      var lineEnd = lineStart
      while lineEnd < header.count && header[lineEnd] != 0x0A { lineEnd += 1 }
      let next = lineEnd < header.count ? lineEnd + 1 : header.count
      var contentEnd = lineEnd
      if contentEnd > lineStart && lineEnd < header.count && header[contentEnd - 1] == 0x0D {
        contentEnd -= 1
      }
      if LongLineRepair.longestLine(header, lineStart..<contentEnd) <= limit {
        result.append(contentsOf: header[lineStart..<next])
        lineStart = next
        continue
      }
      let name = Self.fieldName(header, lineStart..<contentEnd)
      var start = lineStart
      while contentEnd - start > limit {
        // The last space or tab within the limit that has something other than
        // whitespace before it on the segment (no blank continuation lines).
        var firstVisible = start
        while firstVisible < contentEnd
          && (header[firstVisible] == 0x20 || header[firstVisible] == 0x09)
        {
          firstVisible += 1
        }
        var p = min(start + limit, contentEnd - 1)
        while p > firstVisible && header[p] != 0x20 && header[p] != 0x09 { p -= 1 }
        guard p > firstVisible else {
          throw RepairFailure(
            reason:
              "header \(name)\(label.isEmpty ? "" : " in part \(label)") has a line of \(contentEnd - lineStart) bytes with no space to fold at"
          )
        }
        result.append(contentsOf: header[start..<p])
        result.append(contentsOf: eol)
        start = p
      }
      result.append(contentsOf: header[start..<next])
      notes.append(
        "header \(name)\(label.isEmpty ? "" : " in part \(label)") folded (line of \(contentEnd - lineStart) bytes)"
      )
      lineStart = next
    }
    return result
  }

  private static func fieldName(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    guard let colon = bytes[range].firstIndex(of: UInt8(ascii: ":")), colon - range.lowerBound <= 76
    else {
      return "(continuation)"
    }
    return String(decoding: bytes[range.lowerBound..<colon], as: UTF8.self)
  }

  /// `type/subtype` of a Content-Type value, lower-cased; nil when it has no `/`.
  private static func mediaType(_ value: String) -> String? {
    let head =
      value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let type =
      head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" }).first.map {
        $0.lowercased()
      } ?? ""
    return type.contains("/") ? type : nil
  }

  /// The first token of a Content-Transfer-Encoding value, lower-cased.
  private static func token(_ value: String) -> String {
    String(value.prefix { $0 != " " && $0 != "\t" && $0 != "(" && $0 != ";" }).lowercased()
  }
}
