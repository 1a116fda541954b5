import MailModel

/// A parsed `dovecot-uidlist` (or Courier `courierimapuiddb`) file: the folder's UIDVALIDITY and
/// the IMAP UID of each message, keyed by the message's base file name (SOURCE-FORMATS.md §3).
///
/// * Version 1 (Dovecot ≤ 1.0, Courier): header `1 <uidvalidity> <nextuid>`, records
///   `<uid> <filename>`.
/// * Version 3 (Dovecot ≥ 1.1): header `3` and space-separated `<key><value>` fields (`V`
///   UIDVALIDITY, `N` next UID, `G` mailbox GUID, others kept), records
///   `<uid> [<X><value> ...] :<filename>`.
/// * Version 2 and anything else is refused (Dovecot refuses it too).
///
/// The file name column is only the last name Dovecot saw: flag changes rename files without
/// rewriting the list, and Dovecot's writer drops the info part anyway. Records are therefore
/// matched by **base name**, the text before the info separator (`:2,`, `;2,`, `!2,`).
///
/// Parsing is tolerant: a line that is not a record, a UID that does not increase, a file name
/// with `/` or a base name seen before is left out and listed in `problems`; the other records
/// stay usable. Only an unusable header makes the whole file unusable (`FormatError`).
public struct DovecotUidList: Sendable {
  /// One message of the list.
  public struct Record: Sendable, Equatable {
    /// The IMAP UID.
    public var uid: UInt32
    /// The file name as written in the list (possibly stale, possibly with an info part).
    public var fileName: [UInt8]
    /// Version 3 extension fields (`S` size, `W` virtual size, `G` GUID, `P`/`O` POP3 ...).
    public var extensions: [Character: String]

    /// The base name the record is matched by: `fileName` up to its info separator.
    public var baseName: [UInt8] { Array(MaildirFileName(fileName).base) }
  }

  /// A line that was left out, and why.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in the file.
    public var line: Int
    /// Why the line was left out.
    public var message: String

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
  }

  /// Why a uidlist file cannot be used at all.
  public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the file.
    public var message: String

    /// The message.
    public var description: String { message }
  }

  /// The format version from the header (1 or 3).
  public var version: Int
  /// UIDVALIDITY (`V` in version 3), nil when the header lacks it or it is not a number.
  public var uidValidity: UInt32?
  /// The next UID Dovecot would assign (`N` in version 3).
  public var nextUID: UInt32?
  /// The mailbox GUID (`G` in version 3).
  public var mailboxGUID: String?
  /// Every version 3 header field by key letter (`V`, `N`, `G`, `P`, and unknown ones).
  public var headerFields: [Character: String]
  /// The usable records, in file order (UIDs strictly increasing).
  public var records: [Record]
  /// The lines that were left out.
  public var problems: [Problem]

  /// Record index by base name.
  private var indexByBase: [[UInt8]: Int]

  /// Parses the contents of a uidlist file.
  ///
  /// Throws `FormatError` when the file is empty or its header is not version 1 or 3.
  public init(parsing bytes: [UInt8]) throws {
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    guard var header = lines.first else { throw FormatError(message: "empty file") }
    if header.last == UInt8(ascii: "\r") { header = header.dropLast() }
    let fields = header.split(separator: UInt8(ascii: " "))
    guard let versionField = fields.first, let version = Self.number(versionField) else {
      throw FormatError(
        message: "header \"\(Self.shown(header))\" does not start with a version number")
    }
    self.version = Int(version)
    headerFields = [:]
    records = []
    problems = []
    indexByBase = [:]
    switch version {
    case 1:
      guard fields.count >= 3, let validity = Self.number(fields[1]),
        let next = Self.number(fields[2])
      else {
        throw FormatError(
          message: "version 1 header \"\(Self.shown(header))\" is not `1 <uidvalidity> <nextuid>`")
      }
      uidValidity = validity
      nextUID = next
    case 3:
      for field in fields.dropFirst() {
        guard let key = field.first, Self.isUpper(key) else {
          problems.append(
            Problem(line: 1, message: "header field \"\(Self.shown(field))\" has no key letter"))
          continue
        }
        headerFields[Character(Unicode.Scalar(key))] = String(
          decoding: field.dropFirst(), as: UTF8.self)
      }
      uidValidity = headerFields["V"].flatMap { UInt32($0) }
      nextUID = headerFields["N"].flatMap { UInt32($0) }
      mailboxGUID = headerFields["G"]
      if headerFields["V"] != nil, uidValidity == nil {
        problems.append(
          Problem(line: 1, message: "UIDVALIDITY \"\(headerFields["V"] ?? "")\" is not a number"))
      }
    case 2:
      throw FormatError(message: "version 2 (development builds only; Dovecot refuses it too)")
    default:
      throw FormatError(message: "unsupported version \(version)")
    }

    var lastUID: UInt32 = 0
    for (offset, rawLine) in lines.enumerated().dropFirst() {
      let lineNumber = offset + 1
      var line = rawLine
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
      let parsed: Result<Record, Problem> =
        version == 1 ? Self.recordV1(line, lineNumber) : Self.recordV3(line, lineNumber)
      switch parsed {
      case .failure(let problem):
        problems.append(problem)
      case .success(let record):
        guard record.uid > lastUID else {
          problems.append(
            Problem(
              line: lineNumber, message: "UID \(record.uid) does not increase (previous \(lastUID))"
            ))
          continue
        }
        let base = record.baseName
        if let earlier = indexByBase[base] {
          problems.append(
            Problem(
              line: lineNumber,
              message:
                "file \(Self.shown(base[...])) listed again (already UID \(records[earlier].uid))")
          )
          continue
        }
        lastUID = record.uid
        indexByBase[base] = records.count
        records.append(record)
      }
    }
  }

  /// The UID of the message whose base name is `base`, if the list has it.
  public func uid<C: Collection>(forBaseName base: C) -> UInt32? where C.Element == UInt8 {
    indexByBase[Array(base)].map { records[$0].uid }
  }

  /// The UID of the message file `fileName` (matched by base name, so flag renames do not matter).
  public func uid(forFileName fileName: String) -> UInt32? {
    uid(forBaseName: MaildirFileName(Array(fileName.utf8)).base)
  }

  /// The base name of a Maildir file name: the text before its info separator.
  public static func baseName(of fileName: String) -> String {
    String(decoding: MaildirFileName(Array(fileName.utf8)).base, as: UTF8.self)
  }

  // MARK: records

  private static func recordV1(_ line: ArraySlice<UInt8>, _ lineNumber: Int) -> Result<
    Record, Problem
  > {
    guard let space = line.firstIndex(of: UInt8(ascii: " ")),
      let uid = number(line[line.startIndex..<space]),
      uid > 0
    else {
      return .failure(
        Problem(line: lineNumber, message: "not a `<uid> <filename>` record: \"\(shown(line))\""))
    }
    return fileRecord(uid: uid, name: line[(space + 1)...], extensions: [:], lineNumber)
  }

  private static func recordV3(_ line: ArraySlice<UInt8>, _ lineNumber: Int) -> Result<
    Record, Problem
  > {
    let bad = Problem(
      line: lineNumber,
      message: "not a `<uid> [<X><value> ...] :<filename>` record: \"\(shown(line))\"")
    guard let space = line.firstIndex(of: UInt8(ascii: " ")),
      let uid = number(line[line.startIndex..<space]),
      uid > 0
    else { return .failure(bad) }
    var extensions: [Character: String] = [:]
    var i = space
    while i < line.endIndex {
      if line[i] == UInt8(ascii: " ") {
        i += 1
        continue
      }
      if line[i] == UInt8(ascii: ":") {
        return fileRecord(uid: uid, name: line[(i + 1)...], extensions: extensions, lineNumber)
      }
      let end = line[i...].firstIndex(of: UInt8(ascii: " ")) ?? line.endIndex
      guard isUpper(line[i]) else { return .failure(bad) }
      extensions[Character(Unicode.Scalar(line[i]))] = String(
        decoding: line[(i + 1)..<end], as: UTF8.self)
      i = end
    }
    return .failure(bad)
  }

  private static func fileRecord(
    uid: UInt32, name: ArraySlice<UInt8>, extensions: [Character: String], _ lineNumber: Int
  ) -> Result<Record, Problem> {
    guard !name.isEmpty else {
      return .failure(Problem(line: lineNumber, message: "UID \(uid) has an empty file name"))
    }
    guard !name.contains(UInt8(ascii: "/")) else {
      return .failure(
        Problem(line: lineNumber, message: "UID \(uid): file name \"\(shown(name))\" contains '/'"))
    }
    return .success(Record(uid: uid, fileName: Array(name), extensions: extensions))
  }

  // MARK: helpers

  /// A decimal number that fits 32 bits (UIDs and UIDVALIDITY are unsigned 32-bit).
  static func number(_ digits: ArraySlice<UInt8>) -> UInt32? {
    guard !digits.isEmpty, digits.count <= 10 else { return nil }
    var value: UInt64 = 0
    for digit in digits {
      guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
    }
    return value <= UInt64(UInt32.max) ? UInt32(value) : nil
  }

  private static func isUpper(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
  }

  /// Bytes for a message, cut to 80 characters.
  static func shown(_ bytes: ArraySlice<UInt8>) -> String {
    let text = String(decoding: bytes.prefix(80), as: UTF8.self)
    return bytes.count > 80 ? text + "…" : text
  }
}

extension DovecotUidList {
  /// The file names a folder's UID list can have: Dovecot's, then Courier's (same format as
  /// version 1).
  static let fileNames = ["dovecot-uidlist", "courierimapuiddb"]

  /// What looking for a folder's UID list gave.
  enum Loaded {
    /// No list file in the folder.
    case missing
    /// A list file that cannot be used, with the reason (already reported as a warning).
    case unusable
    /// A usable list and its path.
    case list(DovecotUidList, RawPath)
  }

  /// Loads the UID list of the folder directory `folder`; an unreadable or corrupt file is a
  /// warning (code `bad-uidlist`), left-out lines one summary warning (code `uidlist-problems`).
  static func load(folder: RawPath, diagnostics: DiagnosticHandler) -> Loaded {
    for name in fileNames {
      let path = folder.appending(name)
      let location = SourceLocation(file: path.display)
      switch RawFileSystem.readWholeFile(path) {
      case .failed(let error) where error.isMissing:
        continue
      case .failed(let error):
        diagnostics(
          Diagnostic(
            .warning, code: "bad-uidlist",
            "cannot read \(name) (\(error.text)); messages in file-name order, without UIDs",
            at: location))
        return .unusable
      case .notRegular:
        continue
      case .empty:
        diagnostics(
          Diagnostic(
            .warning, code: "bad-uidlist",
            "\(name) is empty; messages in file-name order, without UIDs",
            at: location))
        return .unusable
      case .bytes(let bytes, _):
        do {
          let list = try DovecotUidList(parsing: bytes)
          if !list.problems.isEmpty {
            let shown = list.problems.prefix(3).map(\.description).joined(separator: "; ")
            let more = list.problems.count > 3 ? "; and \(list.problems.count - 3) more" : ""
            diagnostics(
              Diagnostic(
                .warning, code: "uidlist-problems",
                "\(list.problems.count) lines of \(name) left out: \(shown)\(more)", at: location))
          }
          return .list(list, path)
        } catch {
          diagnostics(
            Diagnostic(
              .warning, code: "bad-uidlist",
              "\(name) is not usable (\(error)); messages in file-name order, without UIDs",
              at: location)
          )
          return .unusable
        }
      }
    }
    return .missing
  }
}
