import Foundation
import MailModel
import TestSupport
import Testing

@testable import Accounts

/// Re-reads CSV independently of the writer: with Python's `csv` module when python3 is installed,
/// and always with a minimal RFC 4180 parser written here.
enum CSVTestReader {
  /// Rows by a strict RFC 4180 reading: `"` only opens a field at its start, `""` inside quotes is one
  /// quote, CRLF ends a record outside quotes.
  static func rfc4180(_ bytes: [UInt8]) throws -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var i = 0
    var quoted = false
    var atFieldStart = true
    func endField() {
      row.append(String(decoding: field, as: UTF8.self))
      field = []
      atFieldStart = true
    }
    while i < bytes.count {
      let b = bytes[i]
      if quoted {
        if b == 0x22 {
          if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
            field.append(0x22)
            i += 2
            continue
          }
          quoted = false
          i += 1
          // After a closing quote: a separator or the end of the record.
          try #require(
            i == bytes.count || bytes[i] == 0x2C || bytes[i] == 0x0D, "text after a closing quote")
          continue
        }
        field.append(b)
        i += 1
        continue
      }
      switch b {
      case 0x22 where atFieldStart:
        quoted = true
        atFieldStart = false
        i += 1
      case 0x2C:
        endField()
        i += 1
      case 0x0D:
        try #require(i + 1 < bytes.count && bytes[i + 1] == 0x0A, "bare CR outside quotes")
        endField()
        rows.append(row)
        row = []
        i += 2
      default:
        try #require(b != 0x22 && b != 0x0A, "quote or LF inside an unquoted field")
        field.append(b)
        atFieldStart = false
        i += 1
      }
    }
    try #require(!quoted, "unterminated quoted field")
    try #require(row.isEmpty && field.isEmpty, "last record without CRLF")
    return rows
  }

  /// Rows by Python's `csv.reader` (default dialect); throws when python3 fails.
  static func python(_ bytes: [UInt8]) throws -> [[String]] {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.path + "/in.csv"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let script = """
      import csv, json, sys
      with open(sys.argv[1], newline='', encoding='utf-8') as f:
          json.dump(list(csv.reader(f, strict=True)), sys.stdout)
      """
    return try Python.json([[String]].self, script, [path])
  }
}

@Suite struct AdminCSVWriterTests {
  static func expectedRow(_ account: Account, legacy: Bool) -> [String] {
    if legacy { return [account.email, account.displayName ?? "", account.password ?? ""] }
    return [
      account.email, account.displayName ?? "", account.givenName ?? "", account.surname ?? "",
      account.password ?? "", account.mustChangePassword ? "TRUE" : "FALSE",
    ]
  }

  /// Values the console's parser keeps as they are (a password must not begin or end with a blank or hold
  /// a line break; no field may be only quotes), in every column.
  static var csvSafeValues: [String] {
    WriterSamples.nastyValues.filter { value in
      guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else {
        return true
      }
      return first.value > 0x20 && last.value > 0x20 && !value.contains("\n")
        && !value.contains("\r")
        && !value.allSatisfy { $0 == "\"" }
    }
  }

  /// Accounts holding every CSV-safe nasty value in every column, and one without a password,
  /// written in the (legacy) admin console CSV; the bytes, the summary and the rows expected back.
  static func nastyCSV(legacy: Bool) throws -> (
    bytes: [UInt8], summary: AccountWriteSummary, expected: [[String]], accounts: Int
  ) {
    var accounts: [Account] = []
    let names = WriterSamples.nastyValues.filter { !$0.isEmpty && !$0.allSatisfy { $0 == "\"" } }
    for (i, value) in Self.csvSafeValues.enumerated() {
      let name = names[i % names.count]
      accounts.append(
        WriterSamples.account(
          "user\(i)@example.com", password: value, line: i + 1, displayName: name, givenName: value,
          surname: name, mustChangePassword: i % 2 == 0))
    }
    accounts.append(WriterSamples.account("nopass@example.com", password: nil, line: 99))
    let format: AccountOutputFormat = legacy ? .adminCSVLegacy : .adminCSV
    let (bytes, summary) = try AccountFileWriter.render(accounts, format: format)
    return (bytes, summary, accounts.map { expectedRow($0, legacy: legacy) }, accounts.count)
  }

  @Test(arguments: [false, true])
  func nastyValuesRoundTripThroughTheRFC4180Reader(legacy: Bool) throws {
    let (bytes, summary, expected, accounts) = try Self.nastyCSV(legacy: legacy)
    #expect(try CSVTestReader.rfc4180(bytes) == expected)
    #expect(bytes.suffix(2) == [0x0D, 0x0A])
    #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
    #expect(summary.passwordsWritten == accounts - 2)  // "" and nil
    #expect(summary.notes.contains { $0.contains("default charset") })
  }

  @Test(.enabled(if: Python.isPresent, "python3 not found on PATH"), arguments: [false, true])
  func nastyValuesRoundTripThroughPythonCSV(legacy: Bool) throws {
    let csv = try Self.nastyCSV(legacy: legacy)
    #expect(try CSVTestReader.python(csv.bytes) == csv.expected)
  }

  @Test func plainRowsAreUnquotedAndEmptyFieldsStayEmpty() throws {
    let accounts = [
      WriterSamples.account(
        "jane@example.com", password: "secret", displayName: "Doe, Jane", givenName: "Jane",
        surname: "Doe",
        mustChangePassword: true),
      WriterSamples.account("joe@example.com", password: nil, line: 2),
      WriterSamples.account(
        "ann@example.com", password: "say \"hi\"", line: 3, displayName: " Ann ", givenName: "A\\nn"
      ),
    ]
    let csv = String(
      decoding: try AccountFileWriter.render(accounts, format: .adminCSV).bytes, as: UTF8.self)
    #expect(
      csv == "jane@example.com,\"Doe, Jane\",Jane,Doe,secret,TRUE\r\n"
        + "joe@example.com,,,,,FALSE\r\n"
        + "ann@example.com,\" Ann \",A\\nn,,\"say \"\"hi\"\"\",FALSE\r\n")
    let legacy = String(
      decoding: try AccountFileWriter.render(accounts, format: .adminCSVLegacy).bytes, as: UTF8.self
    )
    #expect(
      legacy == "jane@example.com,\"Doe, Jane\",secret\r\n" + "joe@example.com,,\r\n"
        + "ann@example.com,\" Ann \",\"say \"\"hi\"\"\"\r\n")
  }

  @Test(arguments: [
    (" lead", "begins or ends"), ("trail ", "begins or ends"), ("tab\t", "begins or ends"),
    ("a\nb", "line break"), ("a\rb", "line break"), ("\"", "only of '\"'"),
    ("\"\"\"", "only of '\"'"),
  ])
  func passwordsTheConsoleWouldChangeAreRefused(password: String, reason: String) throws {
    for format in [AccountOutputFormat.adminCSV, .adminCSVLegacy] {
      let error = try #require(throws: AccountsRefusedError.self) {
        try AccountFileWriter.render(
          [WriterSamples.account("a@example.com", password: password)], format: format)
      }
      #expect(error.refusals.count == 1)
      #expect(error.refusals[0].message.contains(reason))
      #expect(error.refusals[0].message.hasPrefix("a@example.com: the password"))
    }
  }

  @Test func fieldsOfOnlyQuotesAreRefusedInAnyColumn() throws {
    let account = WriterSamples.account("a@example.com", surname: "\"\"")
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render([account], format: .adminCSV)
    }
    #expect(error.refusals[0].message.contains("sn consists only"))
    // The legacy form has no sn column.
    #expect(
      try AccountFileWriter.render([account], format: .adminCSVLegacy).summary.accountsWritten == 1)
  }

  @Test func legacyNotes() throws {
    let accounts = (0..<501).map {
      WriterSamples.account("u\($0)@example.com", password: $0 == 0 ? nil : "pw", line: $0)
    }
    let summary = try AccountFileWriter.render(accounts, format: .adminCSVLegacy).summary
    #expect(summary.notes.contains { $0.contains("at most 500") })
    #expect(summary.notes.contains { $0.contains("1 account(s) without a password a random one") })
    #expect(!summary.notes.contains { $0.contains("default charset") })
  }
}
