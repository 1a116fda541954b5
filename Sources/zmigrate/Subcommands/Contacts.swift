import ArgumentParser
import ContactsCalendars
import Foundation
import MailModel
import Migration
import TextEncodingDetection

extension ContactCSVReader.Dialect: ExpressibleByArgument {}

/// `zmigrate contacts`: vCard and contact CSV exports in, Zimbra contact CSV or vCard 3.0 out.
struct ContactsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contacts",
    abstract:
      "Convert vCards (2.1/3.0/4.0) and contact CSV exports (Outlook, Thunderbird, Google, Yahoo, Windows Live Mail, Zimbra) into Zimbra's contact CSV or vCard 3.0.",
    discussion: """
      Import the CSV with: curl -u ADMIN --data-binary @contacts.csv \
      'https://SERVER/home/USER/Contacts?fmt=csv&csvfmt=zimbra-csv'. Fields with no Zimbra equivalent \
      are counted per name, never dropped silently.
      """)

  @Argument(help: "Input files: .vcf or .csv.", completion: .file())
  var inputs: [String]

  @Option(
    name: .shortAndLong,
    help: "Output: .csv (Zimbra contact CSV, UTF-8 with BOM) or .vcf (vCard 3.0).",
    completion: .file())
  var output: String

  @Option(
    help:
      "CSV dialect, when detection from the header is not wanted (outlook and thunderbird cover headers in ten languages)."
  )
  var dialect: ContactCSVReader.Dialect?

  @Option(
    help: ArgumentHelp(
      "Charset of input that is not UTF-8: auto (detect; the default) or a name iconv knows (cp932, shift_jis, gb18030, big5, cp949, windows-1251, koi8-r, windows-1253, …).",
      discussion:
        "Applies to CSV files that are not UTF-8 and to vCard values without CHARSET that are not UTF-8; UTF-8 and UTF-16 input is always read as such."
    ))
  var encoding = "auto"

  @Flag(help: "Print the summary as JSON.")
  var json = false

  func run() throws {
    let lower = output.lowercased()
    guard lower.hasSuffix(".csv") || lower.hasSuffix(".vcf") else {
      throw ValidationError("cannot tell the output form from '\(output)': end it in .csv or .vcf")
    }
    guard let charset = CharsetChoice(name: encoding) else {
      throw ValidationError(
        "unknown --encoding '\(encoding)': give auto or a charset iconv knows (iconv -l lists them)"
      )
    }
    let read:
      (
        result: ContactReadResult, dialects: [String: ContactCSVReader.Dialect],
        charsets: [String: String]
      )
    do {
      read = try ContactFiles.read(inputs, dialect: dialect, charset: charset)
    } catch let unclear as UnclearCharsetError {
      FileHandle.standardError.write(Data("zmigrate: error: \(unclear)\n".utf8))
      throw ExitCode(1)
    } catch {
      throw fail(error)
    }
    let contacts = read.result.contacts
    let unmapped = read.result.unmappedProperties
    var diagnostics = read.result.diagnostics
    let dialects = read.dialects.mapValues(\.rawValue)
    if lower.hasSuffix(".csv"),
      let note = ZimbraContactCSVWriter.photoNote(contacts, file: inputs.joined(separator: ","))
    {
      diagnostics.append(note)
    }
    let data: Data
    do {
      data =
        lower.hasSuffix(".csv")
        ? try ZimbraContactCSVWriter().write(contacts) : VCardWriter().write(contacts)
      try AtomicFile.write(data, to: output)
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(
        ContactsSummary(
          inputs: inputs, output: output, contacts: contacts.count, dialects: dialects,
          charsets: read.charsets, unmappedFields: unmapped, diagnostics: diagnostics))
    } else {
      for diagnostic in diagnostics {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
      }
      print("wrote \(contacts.count) contacts to \(output)")
      for (input, name) in dialects.sorted(by: { $0.key < $1.key }) {
        print("  \(input): \(name) CSV\(read.charsets[input].map { ", read as \($0)" } ?? "")")
      }
      if !unmapped.isEmpty {
        print(
          "fields with no Zimbra equivalent (not imported): "
            + unmapped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
              separator: ", "))
      }
    }
    if diagnostics.contains(where: { $0.severity.isFailure }) { throw ExitCode(1) }
  }
}
