import Foundation
import MailModel

/// Why an `.emlx` file's framing cannot be trusted, and where (a byte offset in the file).
public struct EmlxFormatError: Error, Sendable, CustomStringConvertible {
  /// A human-readable explanation of what is wrong with the framing.
  public var message: String
  /// The byte offset in the `.emlx` file where the problem was found.
  public var offset: Int64

  /// Creates an error for the problem found at byte `offset`.
  public init(_ message: String, at offset: Int64) {
    self.message = message
    self.offset = offset
  }

  /// `byte N: message`.
  public var description: String { "byte \(offset): \(message)" }
}

/// One Apple Mail `.emlx` file taken apart (SOURCE-FORMATS.md §5): a first line with the
/// decimal byte count of the message, exactly that many bytes of RFC 822 message, then an XML
/// property list with the message's state.
///
/// Only the framing is removed (FIDELITY.md: "emlx: the leading byte count and the trailing
/// property list are removed"); the message bytes are the slice the count names.
public struct EmlxFile: Sendable {
  /// Where the message bytes are in the file.
  public var messageRange: Range<Int>
  /// The property list's `flags` value (bit 0 read, 1 deleted, 2 answered, 4 flagged,
  /// 6 draft, 8 forwarded), when present.
  public var flags: Int64?
  /// `date-received`, in seconds since the epoch, when present and positive.
  public var dateReceived: Int64?
  /// `date-sent`, in seconds since the epoch, when present and positive.
  public var dateSent: Int64?
  /// Why the property list could not be read, when it could not; the message itself is fine.
  public var plistProblem: String?

  /// The longest byte count accepted (18 digits, well inside `Int`).
  static let maxCountDigits = 18

  /// Takes `bytes` (a whole `.emlx` file) apart.
  ///
  /// Throws `EmlxFormatError` when the first line is not a byte count, the file is shorter
  /// than the count says, or no property list starts where the message should end (the count
  /// does not match). A property list that is there but cannot be parsed is not an error: it
  /// is reported in `plistProblem`.
  public static func parse(_ bytes: [UInt8]) throws -> EmlxFile {
    try parseFraming(bytes)
  }

  static func parseFraming(_ bytes: [UInt8]) throws(EmlxFormatError) -> EmlxFile {
    var i = 0
    while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") {
      i += 1
    }
    let digitsStart = i
    var count = 0
    while i < bytes.count, EmlNaturalOrder.isDigit(bytes[i]), i - digitsStart < maxCountDigits {
      count = count * 10 + Int(bytes[i] - UInt8(ascii: "0"))
      i += 1
    }
    guard i > digitsStart else {
      throw EmlxFormatError("first line is not a byte count", at: 0)
    }
    while i < bytes.count,
      bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t")
        || bytes[i] == UInt8(ascii: "\r")
    {
      i += 1
    }
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\n") else {
      throw EmlxFormatError("first line is not a byte count followed by a line feed", at: Int64(i))
    }
    let start = i + 1
    let end = start + count
    guard end <= bytes.count else {
      throw EmlxFormatError(
        "byte count says \(count) message bytes from byte \(start), but the file ends at byte "
          + "\(bytes.count) (\(end - bytes.count) bytes short)",
        at: Int64(bytes.count))
    }
    var plistStart = end
    while plistStart < bytes.count, isSpace(bytes[plistStart]) { plistStart += 1 }
    guard plistStart < bytes.count else {
      throw EmlxFormatError(
        "no property list after the \(count) message bytes the first line announces: the byte count "
          + "does not match the file", at: Int64(end))
    }
    guard startsPropertyList(bytes, at: plistStart) else {
      throw EmlxFormatError(
        "no property list starts after the \(count) message bytes the first line announces: the byte "
          + "count does not match the file", at: Int64(end))
    }
    var file = EmlxFile(messageRange: start..<end)
    file.readPropertyList(Data(bytes[plistStart...]))
    return file
  }

  init(messageRange: Range<Int>) {
    self.messageRange = messageRange
  }

  /// The message's IMAP flags from an emlx `flags` value.
  public static func messageFlags(_ flags: Int64) -> MessageFlags {
    var result: MessageFlags = []
    if flags & (1 << 0) != 0 { result.insert(.seen) }
    if flags & (1 << 1) != 0 { result.insert(.deleted) }
    if flags & (1 << 2) != 0 { result.insert(.answered) }
    if flags & (1 << 4) != 0 { result.insert(.flagged) }
    if flags & (1 << 6) != 0 { result.insert(.draft) }
    if flags & (1 << 8) != 0 { result.insert(.forwarded) }
    return result
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
      || byte == UInt8(ascii: "\n")
  }

  /// Whether an XML (`<?xml`, `<!DOCTYPE plist`, `<plist`) or binary (`bplist`) property list
  /// starts at `offset`.
  static func startsPropertyList(_ bytes: [UInt8], at offset: Int) -> Bool {
    for prefix in ["<?xml", "<!DOCTYPE plist", "<plist", "bplist"] {
      let wanted = Array(prefix.utf8)
      if bytes.count - offset >= wanted.count,
        bytes[offset..<offset + wanted.count].elementsEqual(wanted)
      {
        return true
      }
    }
    return false
  }

  /// Reads `flags`, `date-received` and `date-sent` with Foundation's own property-list parser
  /// (it reads no external entities and no DTD).
  mutating func readPropertyList(_ data: Data) {
    let object: Any
    do {
      object = try PropertyListSerialization.propertyList(from: data, options: [], format: nil)
    } catch {
      plistProblem = "property list cannot be parsed: \(error.localizedDescription)"
      return
    }
    guard let dictionary = object as? [String: Any] else {
      plistProblem = "property list is not a dictionary"
      return
    }
    flags = Self.integer(dictionary["flags"])
    dateReceived = Self.integer(dictionary["date-received"]).flatMap { $0 > 0 ? $0 : nil }
    dateSent = Self.integer(dictionary["date-sent"]).flatMap { $0 > 0 ? $0 : nil }
  }

  /// A property-list number (integer or real, whole seconds taken), a numeric string or a date.
  static func integer(_ value: Any?) -> Int64? {
    switch value {
    case let v as Int: return Int64(v)
    case let v as Int64: return v
    case let v as UInt64: return Int64(exactly: v)
    case let v as Double: return wholeSeconds(v)
    case let v as Date: return wholeSeconds(v.timeIntervalSince1970)
    case let v as String:
      let text = v.trimmingWhitespace()
      return Int64(text) ?? Double(text).flatMap(wholeSeconds)
    default: return nil
    }
  }

  static func wholeSeconds(_ value: Double) -> Int64? {
    guard value.isFinite, abs(value) < 1e15 else { return nil }
    return Int64(value.rounded(.down))
  }
}
