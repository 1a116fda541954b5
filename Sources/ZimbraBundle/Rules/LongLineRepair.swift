import MailModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Re-encodes the parts of a message whose lines are too long for Zimbra, and nothing else.
///
/// Zimbra's archive import runs every message through `Rfc822ValidationInputStream`: a run of more
/// than `zimbra_lmtp_max_line_length` (10,240) bytes without CR or LF makes the message fail, and the
/// import drops it silently (ZIMBRA-IMPORT.md §1.7). The repair walks the MIME tree (multipart
/// bodies by their `boundary`, `message/rfc822` bodies as messages) and touches only the entities
/// that hold a long line (FIDELITY.md "Bytes"):
/// - a base64 leaf is re-wrapped at 76 characters per line;
/// - a 7bit/8bit/binary/unlabelled leaf is re-encoded as quoted-printable and its
///   `Content-Transfer-Encoding` becomes `quoted-printable` (and a message gains `MIME-Version: 1.0`
///   if it had none, so that the new header counts);
/// - a quoted-printable leaf is decoded and encoded again with short lines;
/// - a header line is folded before a space or tab (the unfolded value is unchanged).
/// Every other byte (other parts, preambles, epilogues, boundaries, line endings) stays as it was;
/// new line breaks use the line ending the entity already uses.
public enum LongLineRepair {
  /// Zimbra's default `zimbra_lmtp_max_line_length`: a line may have this many bytes, not more.
  public static let limit = 10_240

  /// What `repair` did.
  public enum Result: Sendable, Equatable {
    /// No line is over the limit; nothing to do.
    case unchanged
    /// The repaired message and a note per change, for the report.
    case repaired([UInt8], notes: [String])
    /// The message has a long line that cannot be fixed within the rules; why.
    case failed(reason: String)
  }

  /// The longest line as Zimbra counts it: the longest run of bytes containing neither CR nor LF.
  public static func longestLine(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBufferPointer { longestLine($0, 0..<$0.count) }
  }

  /// Whether any line (as Zimbra counts them) is longer than `limit`: a fast scan that jumps
  /// from LF to LF with `memchr` and only counts bytes inside a gap that is long enough to matter.
  public static func hasLineOverLimit(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return false }
      var start = 0
      let n = buffer.count
      while start < n {
        let gapEnd: Int
        if let hit = memchr(base + start, 0x0A, n - start) {
          gapEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        } else {
          gapEnd = n
        }
        if gapEnd - start > limit && longestLine(buffer, start..<gapEnd) > limit { return true }
        start = gapEnd + 1
      }
      return false
    }
  }

  /// Repairs `bytes` so that no line is longer than `limit`, changing as little as possible.
  public static func repair(_ bytes: [UInt8]) -> Result {
    if !hasLineOverLimit(bytes) { return .unchanged }
    let before = longestLine(bytes)
    if before <= limit { return .unchanged }
    var repairer = Repairer(input: bytes)
    do throws(RepairFailure) {
      let eol = lineEnding(bytes, 0..<bytes.count) ?? crlf
      try repairer.entity(
        0..<bytes.count, defaultType: "text/plain", label: "", eol: eol, isMessage: true)
    } catch {
      return .failed(reason: error.reason)
    }
    let output = repairer.out
    let after = longestLine(output)
    if after > limit {
      return .failed(reason: "after re-encoding a line of \(after) bytes remains (limit \(limit))")
    }
    if output == bytes || repairer.notes.isEmpty {
      return .failed(reason: "a line of \(before) bytes could not be shortened")
    }
    return .repaired(output, notes: repairer.notes)
  }

  // MARK: - Line helpers

  static let crlf: [UInt8] = [0x0D, 0x0A]
  static let lf: [UInt8] = [0x0A]

  static func longestLine(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
    var longest = 0
    var run = 0
    var i = range.lowerBound
    let end = range.upperBound
    while i < end {
      let b = buffer[i]
      if b == 0x0A || b == 0x0D {
        if run > longest { longest = run }
        run = 0
      } else {
        run += 1
      }
      i += 1
    }
    return max(longest, run)
  }

  static func longestLine(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
    bytes.withUnsafeBufferPointer { longestLine($0, range) }
  }

  /// The line ending of the first line in `range`: CRLF or LF, nil when there is no line break.
  static func lineEnding(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8]? {
    guard let nl = bytes[range].firstIndex(of: 0x0A) else { return nil }
    return nl > range.lowerBound && bytes[nl - 1] == 0x0D ? crlf : lf
  }

  // MARK: - Encodings

  /// Base64 text re-wrapped: every non-whitespace byte kept in order, 76 per line, lines joined
  /// with `eol`; a final line break is kept when the text ended with one.
  static func rewrapBase64(_ body: ArraySlice<UInt8>, eol: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(body.count + body.count / 76 * eol.count + eol.count)
    var column = 0
    for b in body where b != 0x20 && b != 0x09 && b != 0x0D && b != 0x0A {
      if column == 76 {
        out.append(contentsOf: eol)
        column = 0
      }
      out.append(b)
      column += 1
    }
    if body.last == 0x0A && !out.isEmpty { out.append(contentsOf: eol) }
    return out
  }

  /// Decodes quoted-printable leniently: soft breaks removed, `=XX` (either case) decoded, a stray
  /// `=` kept, transport whitespace at line ends dropped (RFC 2045 §6.7), hard line breaks kept as
  /// they were written.
  static func decodeQuotedPrintable(_ data: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(data.count)
    var lineStart = data.startIndex
    let end = data.endIndex
    while lineStart < end {
      var lineEnd = lineStart
      while lineEnd < end && data[lineEnd] != 0x0A { lineEnd += 1 }
      var contentEnd = lineEnd
      var breakBytes: ArraySlice<UInt8> = []
      if lineEnd < end {
        if contentEnd > lineStart && data[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        breakBytes = data[contentEnd...lineEnd]
      }
      while contentEnd > lineStart && (data[contentEnd - 1] == 0x20 || data[contentEnd - 1] == 0x09)
      {
        contentEnd -= 1
      }
      var soft = false
      if contentEnd > lineStart && data[contentEnd - 1] == UInt8(ascii: "=") {
        soft = true
        contentEnd -= 1
      }
      var i = lineStart
      while i < contentEnd {
        let b = data[i]
        if b == UInt8(ascii: "="), i + 2 < contentEnd, let hi = hexValue(data[i + 1]),
          let lo = hexValue(data[i + 2])
        {
          out.append(hi << 4 | lo)
          i += 3
        } else {
          out.append(b)
          i += 1
        }
      }
      if !soft { out.append(contentsOf: breakBytes) }
      lineStart = lineEnd < end ? lineEnd + 1 : end
    }
    return out
  }

  private static func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: return b - 0x30
    case 0x41...0x46: return b - 0x41 + 10
    case 0x61...0x66: return b - 0x61 + 10
    default: return nil
    }
  }
}
