import ArgumentParser
import ContactsCalendars
import Foundation
import MailModel
import Migration

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

  @Flag(help: "Print the summary as JSON.")
  var json = false

  func run() throws {
    let lower = output.lowercased()
    guard lower.hasSuffix(".csv") || lower.hasSuffix(".vcf") else {
      throw ValidationError("cannot tell the output form from '\(output)': end it in .csv or .vcf")
    }
    let read: (result: ContactReadResult, dialects: [String: ContactCSVReader.Dialect])
    do { read = try ContactFiles.read(inputs, dialect: dialect) } catch { throw fail(error) }
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
      let object: [String: Any] = [
        "inputs": inputs, "output": output, "contacts": contacts.count, "dialects": dialects,
        "unmappedFields": unmapped, "diagnostics": diagnostics.map { "\($0)" },
      ]
      FileHandle.standardOutput.write(
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]))
      FileHandle.standardOutput.write(Data("\n".utf8))
    } else {
      for diagnostic in diagnostics {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
      }
      print("wrote \(contacts.count) contacts to \(output)")
      for (input, name) in dialects.sorted(by: { $0.key < $1.key }) {
        print("  \(input): \(name) CSV")
      }
      if !unmapped.isEmpty {
        print(
          "fields with no Zimbra equivalent (not imported): "
            + unmapped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
              separator: ", "))
      }
    }
    if diagnostics.contains(where: { $0.severity == .error || $0.severity == .skipped }) {
      throw ExitCode(1)
    }
  }
}
