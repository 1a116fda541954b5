import Foundation
import MailModel

/// Reads Outlook `.msg` files (OLE2 compound files holding one MAPI message, [MS-OXMSG]).
public enum MsgFile {
  /// The compound-file signature every `.msg` file starts with.
  static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

  /// The message in the `.msg` file at `path`, with recipients, attachments and embedded messages (recursively).
  /// Throws an OutlookError naming the path when the file is not a compound file or has no properties stream.
  public static func read(path: String, fallbackCodePage: Int = 1252) throws -> MapiMessage {
    var problems: [String] = []
    return try read(path: path, fallbackCodePage: fallbackCodePage, problems: &problems)
  }

  /// As `read(path:fallbackCodePage:)`, appending to `problems` one line per damaged part that
  /// was skipped (a missing value stream, a stream of the wrong size, an unnamed named property).
  public static func read(
    path: String, fallbackCodePage: Int = 1252, problems: inout [String]
  ) throws -> MapiMessage {
    let root = try CompoundFileReader.read(path: path)
    return try message(
      root: root, fallbackCodePage: fallbackCodePage, path: path, problems: &problems)
  }

  /// The message held by the compound file whose root storage is `root`.
  static func message(
    root: CompoundEntry, fallbackCodePage: Int, path: String, problems: inout [String]
  ) throws -> MapiMessage {
    guard root.stream(named: MsgParser.propertiesStreamName) != nil else {
      throw OutlookError(
        "no \(MsgParser.propertiesStreamName) stream: not an Outlook message",
        code: .badInput, at: SourceLocation(file: path))
    }
    var parser = MsgParser(nameMap: MsgNameMap(root: root, problems: &problems))
    let message = parser.message(
      in: root, header: .topMessage, fallbackCodePage: fallbackCodePage, path: "", depth: 0)
    problems += parser.problems
    return message
  }

  /// Whether the file at `path` starts with the compound-file signature D0 CF 11 E0 A1 B1 1A E1 (cheap, for detection).
  public static func looksLikeMsg(path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    guard let head = try? handle.read(upToCount: signature.count) else { return false }
    return Array(head) == signature
  }
}
