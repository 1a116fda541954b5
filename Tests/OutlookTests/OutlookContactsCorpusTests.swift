import ContactsCalendars
import Foundation
import TestSupport
import Testing

@testable import Outlook

/// Values read independently of the mapper: the tagged string properties that map one to one onto
/// a Zimbra field, and how a dumped value reads as text.
enum ContactCorpus {
  /// Property id → Zimbra field, for the properties copied as they are.
  static let directFields: [UInt16: String] = [
    0x3A06: "firstName", 0x3A11: "lastName", 0x3A44: "middleName", 0x3A45: "namePrefix",
    0x3A05: "nameSuffix", 0x3001: "fullName", 0x3A4F: "nickname", 0x3A0A: "initials",
    0x3A16: "company", 0x3A17: "jobTitle", 0x3A18: "department", 0x3A19: "office",
    0x3A46: "profession", 0x3A4E: "managerName", 0x3A30: "assistantName", 0x3A48: "spouse",
    0x3A08: "workPhone", 0x3A09: "homePhone", 0x3A1C: "mobilePhone", 0x3A24: "workFax",
    0x3A21: "pager", 0x3A1E: "carPhone", 0x3A02: "callbackPhone", 0x3A57: "companyPhone",
    0x3A2E: "assistantPhone", 0x3A5D: "homeStreet", 0x3A59: "homeCity", 0x3A5C: "homeState",
    0x3A5B: "homePostalCode", 0x3A5A: "homeCountry", 0x3A63: "otherStreet", 0x3A5F: "otherCity",
    0x3A62: "otherState", 0x3A61: "otherPostalCode", 0x3A60: "otherCountry", 0x3A50: "homeURL",
    0x3A51: "workURL", 0x1000: "notes",
  ]

  /// UTF-16LE (or 8-bit, Latin-1) bytes as a field value: trimmed, CRLF as LF, nil when empty.
  static func fieldValue(_ bytes: [UInt8], unicode: Bool) -> String? {
    let data = Data(bytes)
    let decoded =
      (unicode
        ? String(data: data, encoding: .utf16LittleEndian)
        : String(data: data, encoding: .isoLatin1)) ?? ""
    let text = decoded.replacingOccurrences(of: "\0", with: "")
      .replacingOccurrences(of: "\r\n", with: "\n")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }

  /// The plain addresses (`<a@b>` or bare) of a Zimbra `dlist`.
  static func addresses(inDlist dlist: String) -> [String] {
    dlist.split(separator: "@").count > 1
      ? dlist.matches(of: /[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+/).map { String($0.output) } : []
  }

  /// Whether `address` is in `bytes` as UTF-16LE or as 8-bit text.
  static func bytes(_ bytes: [UInt8], contain address: String) -> Bool {
    let wide = Array(address.utf16).flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }
    let narrow = Array(address.utf8)
    return [wide, narrow].contains { needle in
      guard needle.count <= bytes.count else { return false }
      return (0...(bytes.count - needle.count)).contains {
        Array(bytes[$0..<($0 + needle.count)]) == needle
      }
    }
  }

  /// The message classes this mapping handles.
  static func isContactItem(_ messageClass: String) -> Bool {
    let lower = messageClass.lowercased()
    return lower.hasPrefix("ipm.contact") || lower.hasPrefix("ipm.distlist")
      || lower.hasPrefix("ipm.abchperson")
  }
}

@Suite struct OutlookContactsCorpusTests {
  /// The corpus `.msg` contacts.
  static let msgContacts = ["hughbe-Sample_Contact", "hughbe-contact", "tika-testMSG_Contact"]

  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"),
    arguments: msgContacts)
  func msgContactFieldsMatchOlecfexportStreams(name: String) throws {
    let path = Corpus.url("outlook/msg/\(name).msg").path
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try OlecfExport(file: path, into: directory)
    let contact = OutlookContacts.contact(from: try MsgFile.read(path: path)).contact
    var compared = 0
    for (id, field) in ContactCorpus.directFields {
      let hex = String(id, radix: 16, uppercase: true)
      let padded = String(repeating: "0", count: 4 - hex.count) + hex
      let expected = export.stream("__substg1.0_\(padded)001F").flatMap {
        ContactCorpus.fieldValue($0, unicode: true)
      }
      #expect(contact[field] == expected, "\(name): \(field) (0x\(padded))")
      if expected != nil { compared += 1 }
    }
    #expect(compared >= 8, "\(name): only \(compared) fields had values")
    // The birthday from the fixed-size property entries (16 bytes each after a 32-byte header):
    // its UTC date, since these files store it at midnight UTC.
    let properties = try #require(export.stream("__properties_version1.0"))
    var offset = 32
    while offset + 16 <= properties.count {
      let tag = properties[offset..<(offset + 4)].reversed().reduce(UInt32(0)) {
        $0 << 8 | UInt32($1)
      }
      if tag == 0x3A42_0040 {
        let ticks = properties[(offset + 8)..<(offset + 16)].reversed().reduce(UInt64(0)) {
          $0 << 8 | UInt64($1)
        }
        let date = Date(timeIntervalSince1970: Double(ticks) / 10_000_000 - 11_644_473_600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        #expect(contact["birthday"] == formatter.string(from: date), "\(name): birthday")
      }
      offset += 16
    }
  }

  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"))
  func msgContactGroupHoldsTheOneOffAddresses() throws {
    let path = Corpus.url("outlook/msg/hughbe-Contact_Group.msg").path
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try OlecfExport(file: path, into: directory)
    let result = OutlookContacts.contact(from: try MsgFile.read(path: path))
    // The one-off member entries: multi-value binary rows whose bytes name MAPI_ONE_OFF_UID.
    let uid: [UInt8] = [0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19]
    let oneOffs = export.entries().filter { $0.contains("1102-") }.compactMap {
      export.stream($0)
    }.filter { $0.count > 12 && Array($0[4..<12]) == uid }
    let subject = export.stream("__substg1.0_3001001F").flatMap {
      ContactCorpus.fieldValue($0, unicode: true)
    }
    #expect(result.contact["type"] == "group")
    #expect(result.contact["nickname"] == subject)
    let addresses = ContactCorpus.addresses(inDlist: result.contact["dlist"] ?? "")
    #expect(addresses.count == oneOffs.count)
    #expect(!addresses.isEmpty)
    for address in addresses {
      #expect(oneOffs.contains { ContactCorpus.bytes($0, contain: address) }, "\(address)")
    }
    #expect(result.notes.isEmpty)
  }

  /// The PSTs that hold contacts or distribution lists.
  static let pstsWithContacts = [
    "hughbe-backup_with_rules.pst", "hughbe-hughbe_Outlook.pst", "rjohnsondev-dist-list.pst",
    "rjohnsondev-passworded.pst",
  ]

  @Test(
    .enabled(if: PstCorpus.canCompare, "shared corpus or pffexport absent"),
    arguments: pstsWithContacts)
  func pstContactFieldsMatchPffexportDump(name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try PstExportLog(
      exporting: PstCorpus.path(name), into: directory.url, dumpingValues: true)
    let file = try PstFile(path: PstCorpus.path(name))
    var compared = 0
    var items = 0
    for folder in try file.folders() {
      try file.forEachItem(in: folder, associated: false) { result in
        guard case .success(let item) = result,
          ContactCorpus.isContactItem(item.message.messageClass)
        else { return }
        items += 1
        // pffexport skips IPM.AbchPerson items: nothing to compare with.
        guard let exported = export.items[item.identifier] else { return }
        let mapped = OutlookContacts.contact(from: item.message).contact
        let dump = PstDumpedEntry.read(exported.directory + "/ItemValues.txt").entries.filter {
          $0.set == 0
        }
        for entry in dump where entry.valueType == 0x001F || entry.valueType == 0x001E {
          guard let field = ContactCorpus.directFields[entry.entryType] else { continue }
          let expected = ContactCorpus.fieldValue(entry.value, unicode: entry.valueType == 0x001F)
          if mapped["type"] == "group" && field == "fullName" { continue }
          #expect(mapped[field] == expected, "\(name) item \(item.identifier): \(field)")
          compared += 1
        }
        // E-mail addresses of SMTP type (PidLidEmail1/2/3EmailAddress, LIDs 0x8083/0x8093/0x80A3).
        let emails = Set(
          mapped.fields.filter { $0.name.hasPrefix("email") }.map { $0.value.lowercased() })
        for entry in dump where [0x8083, 0x8093, 0x80A3].contains(entry.mapsToNumber ?? 0) {
          guard
            let address = ContactCorpus.fieldValue(entry.value, unicode: entry.valueType == 0x1F),
            address.contains("@")
          else { continue }
          #expect(
            emails.contains(address.lowercased()), "\(name) item \(item.identifier): \(address)")
          compared += 1
        }
        // A group's members: each address is in the dumped one-off list (LID 0x8054).
        if mapped["type"] == "group" {
          let oneOffs = dump.first { $0.mapsToNumber == 0x8054 }?.value ?? []
          let addresses = ContactCorpus.addresses(inDlist: mapped["dlist"] ?? "")
          #expect(!addresses.isEmpty, "\(name) item \(item.identifier): empty dlist")
          for address in addresses {
            #expect(ContactCorpus.bytes(oneOffs, contain: address), "\(name): \(address)")
            compared += 1
          }
        }
      }
    }
    #expect(items > 0)
    #expect(compared > 0)
  }
}
