import Accounts
import ArgumentParser
import Foundation
import MailModel
import Migration
import TextEncodingDetection

/// `zmigrate accounts`: user exports in, Zimbra bulk-create files out.
struct AccountsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accounts",
    abstract:
      "Turn an account export (fixed-width, delimited, user;password lists) into Zimbra bulk-create files.",
    discussion: """
      Output by extension or --to: .zmp (zmprov command file: zmprov -f FILE), .csv (admin-console bulk \
      CSV, 6 columns; --legacy for 3), .xml (ZCSImport), .txt/.tsv (user lists), --to imapsync \
      (host1;user1;password1;host2;user2;password2;). Files with passwords are written with mode 0600; \
      passwords never appear on the terminal or in reports. Nothing is written when the input has \
      errors, unless --skip-invalid.
      """)

  @Argument(help: "The account export.", completion: .file())
  var input: String

  @Option(help: "Domain for bare user names (and for presets without one).")
  var domain: String?

  @Option(
    help:
      "Input layout preset: imail, communigate, imapsync, userpass, mailenable, eims, exchange-migration."
  )
  var preset: AccountPreset?

  @Option(help: "Fixed-width layout file (see docs/accounts-input.md).", completion: .file())
  var layout: String?

  @Option(
    help: "Field delimiter: tab, comma, semicolon or pipe (default: detected from the header).")
  var delimiter: FieldDelimiter?

  @Option(
    help:
      "Column names when the file has no header, comma-separated (e.g. email,password,displayName)."
  )
  var columns: String?

  @Option(
    help:
      "Input encoding: utf-8 (default), latin1/iso-8859-1, cp1252/windows-1252, auto (detect the charset of a file that is not UTF-8), or any charset iconv knows (cp932, gb18030, big5, cp949, windows-1251, koi8-r, …)."
  )
  var encoding: String = "utf-8"

  @Option(
    name: .customLong("map"),
    help: "Map an extra column to a Zimbra attribute: column=zimbraAttr (repeatable).")
  var maps: [String] = []

  @Option(name: .customLong("rename-domain"), help: "Rewrite a domain: old=new (repeatable).")
  var renameDomains: [String] = []

  @Option(
    name: .shortAndLong, help: "Output file: .zmp, .csv, .xml, .txt or .tsv.", completion: .file())
  var output: String

  @Option(
    help:
      "Output format, overriding the extension: zmprov, csv, csv-legacy, xml, txt, tsv, imapsync.")
  var to: String?

  @Flag(help: "Admin-console CSV in the older 3-column form (account, display name, password).")
  var legacy = false

  @Flag(
    name: .customLong("generate-passwords"),
    help: "Give accounts without a password a random one (counted, never shown).")
  var generatePasswords = false

  @Option(name: .customLong("password-length"), help: "Length of generated passwords.")
  var passwordLength = 16

  @Flag(
    name: .customLong("no-password"),
    help: "Allow accounts without a password (they are created without one).")
  var noPassword = false

  @Flag(name: .customLong("must-change"), help: "Users must change their password at first login.")
  var mustChange = false

  @Flag(
    name: .customLong("skip-invalid"),
    help: "Write the valid accounts even when others have errors (each skipped record is listed).")
  var skipInvalid = false

  @Option(
    name: .customLong("cos-id"),
    help: "Zimbra id of a class of service: NAME=ID (repeatable); zmprov needs ids, not names.")
  var cosIDs: [String] = []

  @Option(name: .customLong("source-host"), help: "Old server, for the imapsync list.")
  var sourceHost = "SOURCE_HOST"

  @Option(name: .customLong("target-host"), help: "Zimbra server, for the imapsync list.")
  var targetHost = "ZIMBRA_HOST"

  @Flag(help: "Print the summary as JSON.")
  var json = false

  func run() throws {
    let chosen: (encoding: TextEncoding?, charset: CharsetChoice?)
    let maps: [String: String]
    let renames: [String: String]
    let cos: [String: String]
    do {
      chosen = try AccountOptionValues.encoding(encoding)
      maps = try AccountOptionValues.pairs(self.maps, option: "--map")
      renames = try AccountOptionValues.pairs(renameDomains, option: "--rename-domain")
      cos = try AccountOptionValues.pairs(cosIDs, option: "--cos-id")
    } catch {
      throw ValidationError((error as? AccountsError)?.message ?? "\(error)")
    }
    let format: AccountOutputFormat
    do {
      format = try AccountOutputFormat.forOutput(path: output, to: to, legacy: legacy)
    } catch {
      throw ValidationError("\(error)")
    }
    let readOptions = AccountReadOptions(
      preset: preset, layoutPath: layout, delimiter: delimiter,
      columns: columns.map(AccountOptionValues.columns),
      encoding: chosen.encoding ?? .utf8, map: maps, charset: chosen.charset)
    let checkOptions = AccountCheckOptions(
      domain: domain, renameDomains: renames,
      generatePasswords: generatePasswords, passwordLength: passwordLength, noPassword: noPassword,
      mustChange: mustChange, skipInvalid: skipInvalid)
    let writerOptions = AccountWriterOptions(
      cosIDs: cos,
      sourceHost: sourceHost, targetHost: targetHost,
      skipRefusedAccounts: skipInvalid)
    let started = Date()
    let read: AccountReadResult
    do {
      read = try AccountReader(options: readOptions).read(path: input)
    } catch let unclear as UnclearCharsetError {
      FileHandle.standardError.write(Data("zmigrate: error: \(unclear)\n".utf8))
      throw ExitCode(1)
    } catch {
      throw fail(error)
    }
    let checked = AccountChecker.check(read, options: checkOptions)
    for problem in checked.problems where !json {
      FileHandle.standardError.write(Data("\(problem)\n".utf8))
    }
    guard checked.isWritable else {
      FileHandle.standardError.write(
        Data(
          "zmigrate: nothing written: \(checked.problems.filter { $0.severity == .error }.count) errors in \(input) (fix them, or give --skip-invalid to write the valid accounts)\n"
            .utf8))
      throw ExitCode(1)
    }
    let summary: AccountWriteSummary
    do {
      summary = try AccountFileWriter.write(
        checked.accounts, to: output, format: format, options: writerOptions)
    } catch let refused as AccountsRefusedError {
      for refusal in refused.refusals {
        FileHandle.standardError.write(Data("\(refusal)\n".utf8))
      }
      FileHandle.standardError.write(
        Data(
          "zmigrate: nothing written: \(refused.refusals.count) accounts cannot be written as \(format) (give --skip-invalid to leave them out)\n"
            .utf8))
      throw ExitCode(1)
    } catch {
      throw fail(error)
    }
    let seconds = Date().timeIntervalSince(started)
    if json {
      try printJSON(
        AccountsSummary(
          input: input, output: output, format: "\(format)", recordsRead: checked.counts.read,
          valid: checked.counts.valid, skipped: checked.counts.skipped,
          passwordsGenerated: checked.counts.passwordsGenerated,
          accountsWritten: summary.accountsWritten, aliasesWritten: summary.aliasesWritten,
          seconds: seconds,
          skippedRecords: checked.skipped.map {
            AccountsSummary.SkippedRecord(
              location: "\($0.location)", email: $0.email ?? "", reasons: $0.reasons)
          },
          refused: summary.refused.map { "\($0)" },
          charset: read.charset ?? read.encoding.rawValue))
    } else {
      if let charset = read.charset { print("charset: \(charset)") }
      print(
        "read \(checked.counts.read) records from \(input): \(checked.counts.valid) valid, \(checked.counts.skipped) skipped, \(checked.counts.passwordsGenerated) passwords generated"
      )
      for skipped in checked.skipped {
        print(
          "  skipped \(skipped.location)\(skipped.email.map { " (\($0))" } ?? ""): \(skipped.reasons.joined(separator: "; "))"
        )
      }
      print(summary.description)
      print(String(format: "%.2f s", seconds))
    }
    if !checked.skipped.isEmpty || !summary.refused.isEmpty { throw ExitCode(1) }
  }
}

extension AccountPreset: ExpressibleByArgument {
  /// The preset named on the command line (`imail`, `communigate`, ...).
  public init?(argument: String) { self.init(name: argument) }
}

extension FieldDelimiter: ExpressibleByArgument {
  /// The delimiter named on the command line (`tab`, `comma`, `semicolon`, `pipe`, or itself).
  public init?(argument: String) { self.init(name: argument) }
}
