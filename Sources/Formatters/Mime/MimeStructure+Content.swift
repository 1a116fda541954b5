/// A part's content as `zmigrate export --fmt native --part N` gives it.
public struct ExtractedPart: Sendable, Equatable {
  /// The part number asked for.
  public var number: String
  /// The body with its transfer encoding undone (no charset conversion).
  public var bytes: [UInt8]
  /// The part's lower-case MIME type.
  public var contentType: String
  /// The part's decoded file name, nil when it has none.
  public var fileName: String?
}

/// Decoding of the parts of a `MimeStructure`.
extension MimeStructure {
  /// The body of the part at `index` with its transfer encoding undone.
  public func decodedBody(_ index: Int) -> [UInt8] {
    guard parts.indices.contains(index) else { return [] }
    let part = parts[index]
    return TransferDecoding.decode(bytes[part.bodyRange], encoding: part.transferEncoding)
  }

  /// The text of the part at `index`: transfer-decoded, converted from its charset (best
  /// effort, never failing), and for `text/html` reduced to its readable text.
  public func text(_ index: Int) -> String {
    guard parts.indices.contains(index) else { return "" }
    let text = TransferDecoding.text(decodedBody(index), charset: parts[index].charset)
    return parts[index].contentType == "text/html" ? HTMLText.text(text) : text
  }

  /// The part numbered `number` (`1`, `2.1`, `TEXT`), transfer-decoded, with its type and file
  /// name; a number the message does not have throws a `FormattersError` listing those it has.
  public func extract(part number: String) throws -> ExtractedPart {
    let wanted = number.trimmingBlanksAndComments()
    guard let index = parts.firstIndex(where: { $0.number == wanted }) else {
      let known = parts.map(\.number).joined(separator: ", ")
      throw FormattersError("the message has no part \(wanted); its parts are \(known)")
    }
    let part = parts[index]
    return ExtractedPart(
      number: part.number, bytes: decodedBody(index), contentType: part.contentType,
      fileName: part.fileName)
  }
}
