import Foundation
import MailModel
import TextFormats

/// A MIME entity being built: header fields and a body, or a multipart of entities. Serialized
/// with CRLF line ends and boundaries derived from the content, so the same input always gives
/// the same bytes (`verify` builds the message again and compares).
struct MimeEntity {
  /// Header fields in order, each a complete folded field without its line end.
  var fields: [String] = []
  /// What follows the header.
  var content: Content

  /// The body of an entity.
  enum Content {
    /// Bytes already in their transfer encoding, with CRLF line ends.
    case leaf([UInt8])
    /// A multipart of this subtype (`mixed`, `alternative`, `related`) and its parts.
    case multipart(String, [MimeEntity])
    /// A complete entity given as bytes (its own header and body), written as is.
    case verbatim([UInt8])
  }

  /// A text part: UTF-8 text (line ends made CRLF), 7bit when plain ASCII with short lines,
  /// quoted-printable otherwise.
  static func text(_ text: String, subtype: String) -> MimeEntity {
    textBytes(Array(text.utf8), subtype: subtype, charset: "utf-8")
  }

  /// A text part of bytes in `charset` (kept as they are; line ends made CRLF).
  static func textBytes(_ bytes: [UInt8], subtype: String, charset: String) -> MimeEntity {
    let crlf = MimeText.crlf(bytes)
    let plain = crlf.allSatisfy { $0 < 0x80 && $0 != 0 } && MimeText.longestLine(crlf) <= 76
    let body = plain ? crlf : QuotedPrintable.encode(crlf[...], eol: MimeText.eol)
    return MimeEntity(
      fields: [
        "Content-Type: text/\(subtype); charset=\"\(charset)\"",
        "Content-Transfer-Encoding: " + (plain ? "7bit" : "quoted-printable"),
      ],
      content: .leaf(body))
  }

  /// A base64 part of `bytes` with these fields before its transfer encoding.
  static func binary(_ bytes: [UInt8], fields: [String]) -> MimeEntity {
    let encoded = Data(bytes).base64EncodedData(options: [
      .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
    ])
    var body = [UInt8](encoded)
    if !body.isEmpty { body += MimeText.eol }
    return MimeEntity(
      fields: fields + ["Content-Transfer-Encoding: base64"], content: .leaf(body))
  }

  /// The entity as bytes: header, empty line, body (a top-level message passes its header
  /// fields in `prefix`, which come first).
  func serialized(prefix: [String] = [], depth: Int = 0) -> [UInt8] {
    switch content {
    case .verbatim(let bytes):
      return MimeText.lines(prefix + fields) + bytes
    case .leaf(let body):
      return MimeText.lines(prefix + fields) + MimeText.eol + body
    case .multipart(let subtype, let parts):
      let bodies = parts.map { $0.serialized(depth: depth + 1) }
      let boundary = MimeText.boundary(for: bodies, depth: depth)
      var out = MimeText.lines(
        prefix + fields + ["Content-Type: multipart/\(subtype);\r\n\tboundary=\"\(boundary)\""])
      out += MimeText.eol
      for body in bodies {
        out += Array("--\(boundary)\r\n".utf8)
        out += body
        if body.last != 0x0A { out += MimeText.eol }
      }
      out += Array("--\(boundary)--\r\n".utf8)
      return out
    }
  }
}

/// Byte-level helpers for building MIME.
enum MimeText {
  /// CRLF.
  static let eol: [UInt8] = [0x0D, 0x0A]

  /// Header fields, each followed by CRLF.
  static func lines(_ fields: [String]) -> [UInt8] {
    var out: [UInt8] = []
    for field in fields {
      out += Array(field.utf8)
      out += eol
    }
    return out
  }

  /// `bytes` with every line end (CRLF, bare LF, bare CR) made CRLF.
  static func crlf(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 32)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0D {
        out += eol
        index += index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
      } else if byte == 0x0A {
        out += eol
        index += 1
      } else {
        out.append(byte)
        index += 1
      }
    }
    return out
  }

  /// The length of the longest line, line ends excluded.
  static func longestLine(_ bytes: [UInt8]) -> Int {
    var longest = 0
    var current = 0
    for byte in bytes {
      if byte == 0x0A || byte == 0x0D {
        current = 0
      } else {
        current += 1
        longest = max(longest, current)
      }
    }
    return longest
  }

  /// A boundary taken from the SHA-256 of the parts, which none of them contains.
  static func boundary(for bodies: [[UInt8]], depth: Int) -> String {
    var hash = SHA256()
    for body in bodies { hash.update(body) }
    let digest = hash.finalize().prefix(12).map { MapiHex.digits(UInt16($0), width: 2) }.joined()
    var attempt = 0
    while true {
      let candidate = "=_zmigrate_\(depth)_\(digest)" + (attempt == 0 ? "" : "_\(attempt)")
      let marker = Array(("--" + candidate).utf8)
      if !bodies.contains(where: { $0[...].firstOffset(of: marker) != nil }) {
        return candidate
      }
      attempt += 1
    }
  }
}
