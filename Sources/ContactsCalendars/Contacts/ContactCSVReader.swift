import Foundation
import MailModel

/// Reads contact CSV exports from Outlook, Thunderbird and Google (dialect detected from the header)
/// or zimbra-csv (header names used verbatim), mapping columns to Zimbra fields.
///
/// Charset: UTF-8 (BOM stripped) when the bytes are valid UTF-8, else Windows-1252 with a
/// `charset-fallback` diagnostic. Separator: the first `,` or `;` outside quotes in the header line
/// (tab when neither occurs). Non-empty values in columns without a mapping are counted in
/// `unmappedProperties` by column name.
public struct ContactCSVReader: Sendable {
    public enum Dialect: String, Sendable, CaseIterable {
        case zimbra, outlook, thunderbird, google
    }

    public struct Output: Sendable {
        public var dialect: Dialect
        public var result: ContactReadResult
    }

    /// Forces a dialect; nil detects it from the header.
    public var dialect: Dialect?

    public init(dialect: Dialect? = nil) { self.dialect = dialect }

    public func read(contentsOf url: URL) throws -> Output {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ContactsCalendarsError("cannot read CSV file: \(error.localizedDescription)", at: SourceLocation(file: url.path))
        }
        return try read(data: data, file: url.path)
    }

    /// Throws when there is no header line.
    public func read(data: Data, file: String) throws -> Output {
        var result = ContactReadResult()
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text: String
        if let s = String(validating: bytes, as: UTF8.self) {
            text = s
        } else {
            text = VCardSyntax.decodeSingleByte(bytes, windows1252: true)
            result.diagnostics.append(Diagnostic(.warning, code: "charset-fallback",
                "CSV is not valid UTF-8; decoded as Windows-1252", at: SourceLocation(file: file)))
        }
        let records = ContactCSVSyntax.records(text)
        guard let headerRecord = records.first(where: { !$0.cells.allSatisfy { $0.contactsTrimmed().isEmpty } }) else {
            throw ContactsCalendarsError("CSV file has no header line", at: SourceLocation(file: file, line: 1))
        }
        let header = headerRecord.cells.map { $0.contactsTrimmed() }
        let chosen = dialect ?? Self.detectDialect(header: header)
        for record in records where record.line > headerRecord.line {
            if record.cells.allSatisfy({ $0.contactsTrimmed().isEmpty }) { continue }
            let loc = SourceLocation(file: file, line: record.line)
            if record.cells.count > header.count, record.cells[header.count...].contains(where: { !$0.isEmpty }) {
                result.diagnostics.append(Diagnostic(.warning, code: "extra-cells",
                    "record has \(record.cells.count) cells, header has \(header.count); extra cells ignored", at: loc))
            }
            var row: [(String, String)] = []
            for (i, name) in header.enumerated() where i < record.cells.count {
                let v = record.cells[i]
                if !v.contactsTrimmed().isEmpty, !name.isEmpty { row.append((name, v)) }
            }
            var contact = Contact(location: loc)
            map(row, dialect: chosen, into: &contact, location: loc, result: &result)
            if contact.isEmpty {
                result.diagnostics.append(Diagnostic(.skipped, code: "empty-record", "record has no mapped fields", at: loc))
            } else {
                result.contacts.append(contact)
            }
        }
        return Output(dialect: chosen, result: result)
    }

    /// The dialect whose known column names match most header names (case-sensitive, like ZCS),
    /// columns only one dialect has counting double; `zimbra` when none match or when more header
    /// names are well-known Zimbra field names.
    public static func detectDialect(header: [String]) -> Dialect {
        let names = Set(header)
        var best: (Dialect, Int) = (.zimbra, 0)
        for d in [Dialect.outlook, .thunderbird, .google] {
            let own = Set(ContactCSVMaps.columns[d]!.keys)
            let others = Set(ContactCSVMaps.columns.filter { $0.key != d }.flatMap { $0.value.keys })
            // Matches count once, and once more when only this dialect has the column.
            var score = names.intersection(own).count + names.intersection(own.subtracting(others)).count
            if d == .google { score += names.filter { $0.hasPrefix("E-mail ") && $0.hasSuffix(" - Value") || $0.hasPrefix("Phone ") && $0.hasSuffix(" - Value") }.count }
            if score > best.1 { best = (d, score) }
        }
        let zimbraScore = names.intersection(ZimbraContactCSVWriter.wellKnownOrder).count
        return zimbraScore > best.1 ? .zimbra : best.0
    }

    private func map(_ row: [(String, String)], dialect: Dialect, into contact: inout Contact,
                     location: SourceLocation, result: inout ContactReadResult) {
        func unmapped(_ name: String) { result.unmappedProperties[name, default: 0] += 1 }
        func append(_ field: String, _ value: String, separator: String = "\n") {
            if let old = contact[field] { contact[field] = old + separator + value } else { contact[field] = value }
        }
        func date(_ field: String, _ raw: String) {
            switch ContactCSVSyntax.parseDate(raw) {
            case .none: break
            case .some((let value, let ambiguous)):
                contact[field] = value
                if ambiguous {
                    result.diagnostics.append(Diagnostic(.warning, code: "date-ambiguous",
                        "\(field) '\(raw)' read as month/day/year", at: location))
                }
            }
        }
        if dialect == .zimbra {
            for (name, value) in row {
                if name == "__tag" {
                    for t in ContactCSVSyntax.decodeTags(value) { contact.addTag(t) }
                } else if contact[name] == nil, !contact.fieldNames.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
                    contact[name] = value
                }
            }
            return
        }
        let table = ContactCSVMaps.columns[dialect]!
        var birth: (y: String?, m: String?, d: String?) = (nil, nil, nil)
        for (name, value) in row {
            if let target = table[name] ?? table.first(where: { $0.key.caseInsensitiveCompare(name) == .orderedSame })?.value {
                switch target {
                case "@tags":
                    let sep: Character = dialect == .outlook ? ";" : ","
                    for t in value.split(separator: sep) { contact.addTag(String(t)) }
                case "@groups":
                    for t in value.components(separatedBy: " ::: ") where !t.hasPrefix("* ") { contact.addTag(t) }
                case "@birthYear": birth.y = value
                case "@birthMonth": birth.m = value
                case "@birthDay": birth.d = value
                case "birthday", "anniversary": date(target, value)
                case let t where t.hasPrefix("email"):
                    contact.addNumbered("email", value: value.contactsTrimmed())
                case let t where t.hasSuffix("Street"):
                    append(t, value)
                case "notes":
                    append("notes", value)
                default:
                    if contact[target] == nil { contact[target] = value } else { contact.addNumbered(target, value: value) }
                }
            } else if dialect == .google, ContactCSVSyntax.googleColumn(name) != nil {
                continue // numbered groups are mapped below
            } else {
                unmapped(name)
            }
        }
        if dialect == .google { mapGoogleNumbered(row, into: &contact, unmapped: unmapped) }
        if let y = birth.y, let m = birth.m, let d = birth.d, let yi = Int(y), let mi = Int(m), let di = Int(d),
           (1...12).contains(mi), (1...31).contains(di) {
            contact["birthday"] = String(format: "%04d-%02d-%02d", yi, mi, di)
        } else if birth.y != nil || birth.m != nil || birth.d != nil {
            result.diagnostics.append(Diagnostic(.warning, code: "date-unparsed", "incomplete Birth Year/Month/Day not kept", at: location))
        }
    }

    /// Google's numbered column groups: `E-mail 1 - Value`, `Phone 2 - Type`, `Address 1 - City`, `Website 1 - Value`.
    private func mapGoogleNumbered(_ row: [(String, String)], into contact: inout Contact, unmapped: (String) -> Void) {
        var groups: [String: [Int: [String: String]]] = [:]
        for (name, value) in row {
            guard ContactCSVMaps.columns[.google]![name] == nil,
                  let (kind, index, part) = ContactCSVSyntax.googleColumn(name) else { continue }
            groups[kind, default: [:]][index, default: [:]][part] = value
        }
        func type(_ g: [String: String]) -> String {
            (g["Type"] ?? g["Label"] ?? "").replacingOccurrences(of: "* ", with: "").lowercased()
        }
        for (_, g) in (groups["E-mail"] ?? [:]).sorted(by: { $0.key < $1.key }) {
            for v in (g["Value"] ?? "").components(separatedBy: " ::: ") { contact.addNumbered("email", value: v.contactsTrimmed()) }
        }
        for (_, g) in (groups["Phone"] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let t = type(g)
            let base: String
            switch t {
            case "work": base = "workPhone"
            case "home": base = "homePhone"
            case "mobile": base = "mobilePhone"
            case "work fax": base = "workFax"
            case "home fax": base = "homeFax"
            case "pager": base = "pager"
            case "main": base = "companyPhone"
            default: base = "otherPhone"
            }
            for v in (g["Value"] ?? "").components(separatedBy: " ::: ") { contact.addNumbered(base, value: v.contactsTrimmed()) }
        }
        for (_, g) in (groups["Website"] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let t = type(g)
            let order = t == "work" ? ["workURL", "otherURL", "homeURL"] : ["homeURL", "workURL", "otherURL"]
            if let v = g["Value"], let free = order.first(where: { contact[$0] == nil }) { contact[free] = v } else if g["Value"] != nil { unmapped("Website") }
        }
        var used = Set<String>()
        for (_, g) in (groups["Address"] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let t = type(g)
            let prefix = [t == "work" ? "work" : (t == "home" ? "home" : "other"), "other"].first { !used.contains($0) }
            guard let prefix else { unmapped("Address"); continue }
            used.insert(prefix)
            var street = [g["PO Box"], g["Street"], g["Extended Address"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            if street.isEmpty, let f = g["Formatted"], g["City"] == nil { street = f }
            contact[prefix + "Street"] = street
            contact[prefix + "City"] = g["City"]
            contact[prefix + "State"] = g["Region"]
            contact[prefix + "PostalCode"] = g["Postal Code"]
            contact[prefix + "Country"] = g["Country"]
        }
        for (kind, byIndex) in groups where !["E-mail", "Phone", "Website", "Address"].contains(kind) {
            for _ in byIndex { unmapped(kind) }
        }
    }
}

enum ContactCSVSyntax {
    struct Record { var cells: [String]; var line: Int }

    /// RFC-4180 records; separator from the first `,`/`;` outside quotes on the first line (else tab).
    static func records(_ text: String) -> [Record] {
        var sep: Character = ","
        var inQ = false
        var found = false
        for c in text {
            if c == "\"" { inQ.toggle() }
            else if !inQ, c == "," || c == ";" { sep = c; found = true; break }
            else if !inQ, c == "\n" || c == "\r" { break }
        }
        if !found, text.prefix(while: { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }).contains("\t") { sep = "\t" }
        var out: [Record] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false, inQuotes = false, afterQuote = false
        var line = 1, start = 1
        let chars = Array(text)
        var i = 0
        func endCell() { cells.append(cell); cell = ""; quoted = false; afterQuote = false }
        while i < chars.count {
            let c = chars[i]
            let isNL = c == "\n" || c == "\r" || c == "\r\n"
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.append("\""); i += 1 } else { inQuotes = false; afterQuote = true }
                } else {
                    if isNL { line += 1; cell.append("\n") } else { cell.append(c) }
                }
            } else if c == "\"", cell.isEmpty, !quoted {
                inQuotes = true; quoted = true
            } else if c == sep {
                endCell()
            } else if isNL {
                endCell()
                out.append(Record(cells: cells, line: start))
                cells = []
                line += 1
                start = line
            } else if !afterQuote {
                cell.append(c)
            } else {
                cell.append(c) // text after a closing quote: keep it rather than lose it
            }
            i += 1
        }
        if !cell.isEmpty || !cells.isEmpty { endCell(); out.append(Record(cells: cells, line: start)) }
        return out
    }

    /// `E-mail 1 - Value` → ("E-mail", 1, "Value").
    static func googleColumn(_ name: String) -> (String, Int, String)? {
        guard let dash = name.range(of: " - ") else { return nil }
        let left = name[..<dash.lowerBound]
        guard let space = left.lastIndex(of: " "), let n = Int(left[left.index(after: space)...]) else { return nil }
        return (String(left[..<space]), n, String(name[dash.upperBound...]))
    }

    /// `a\,b,c` → ["a,b", "c"].
    static func decodeTags(_ s: String) -> [String] {
        var tags: [String] = []
        var cur = ""
        var esc = false
        for c in s {
            if esc { cur.append(c); esc = false }
            else if c == "\\" { esc = true }
            else if c == "," { tags.append(cur); cur = "" }
            else { cur.append(c) }
        }
        tags.append(cur)
        return tags.map { $0.contactsTrimmed() }.filter { !$0.isEmpty }
    }

    /// ISO `yyyy-MM-dd`, `yyyyMMdd`, or `M/D/Y` / `D/M/Y` / `D.M.Y`; `0/0/00` (Outlook's empty) → nil.
    /// Returns the `yyyy-MM-dd` value and whether the day/month order had to be guessed.
    static func parseDate(_ raw: String) -> (String, Bool)? {
        let s = raw.contactsTrimmed()
        if let iso = VCardSyntax.normalizeDate(s) { return (iso, false) }
        let sepChar: Character? = s.contains("/") ? "/" : (s.contains(".") ? "." : nil)
        guard let sepChar else { return s.isEmpty ? nil : (s, false) }
        let p = s.split(separator: sepChar).map { Int(String($0).contactsTrimmed()) }
        guard p.count == 3, let a = p[0], let b = p[1], var y = p[2] else { return (s, false) }
        if a == 0 && b == 0 { return nil }
        if y < 100 { y += y < 30 ? 2000 : 1900 }
        var month = a, day = b, ambiguous = false
        if sepChar == "." { month = b; day = a }
        else if a > 12 { month = b; day = a }
        else if b <= 12 && a != b { ambiguous = true }
        guard (1...12).contains(month), (1...31).contains(day) else { return (s, false) }
        return (String(format: "%04d-%02d-%02d", y, month, day), ambiguous)
    }
}

enum ContactCSVMaps {
    static let columns: [ContactCSVReader.Dialect: [String: String]] = [
        .outlook: [
            "Title": "namePrefix", "First Name": "firstName", "Middle Name": "middleName", "Last Name": "lastName",
            "Suffix": "nameSuffix", "Company": "company", "Department": "department", "Job Title": "jobTitle",
            "Business Street": "workStreet", "Business Street 2": "workStreet", "Business Street 3": "workStreet",
            "Business City": "workCity", "Business State": "workState", "Business Postal Code": "workPostalCode",
            "Business Country/Region": "workCountry", "Business Country": "workCountry",
            "Home Street": "homeStreet", "Home Street 2": "homeStreet", "Home Street 3": "homeStreet",
            "Home City": "homeCity", "Home State": "homeState", "Home Postal Code": "homePostalCode",
            "Home Country/Region": "homeCountry", "Home Country": "homeCountry",
            "Other Street": "otherStreet", "Other Street 2": "otherStreet", "Other Street 3": "otherStreet",
            "Other City": "otherCity", "Other State": "otherState", "Other Postal Code": "otherPostalCode",
            "Other Country/Region": "otherCountry", "Other Country": "otherCountry",
            "Assistant's Phone": "assistantPhone", "Business Fax": "workFax", "Business Phone": "workPhone",
            "Business Phone 2": "workPhone2", "Callback": "callbackPhone", "Car Phone": "carPhone",
            "Company Main Phone": "companyPhone", "Home Fax": "homeFax", "Home Phone": "homePhone",
            "Home Phone 2": "homePhone2", "Mobile Phone": "mobilePhone", "Other Fax": "otherFax",
            "Other Phone": "otherPhone", "Pager": "pager", "Anniversary": "anniversary", "Birthday": "birthday",
            "Categories": "@tags", "E-mail Address": "email", "E-mail 2 Address": "email2", "E-mail 3 Address": "email3",
            "Initials": "initials", "Nickname": "nickname", "Notes": "notes", "Web Page": "workURL",
            "Assistant's Name": "assistant", "Office Location": "office",
        ],
        .thunderbird: [
            "First Name": "firstName", "Last Name": "lastName", "Display Name": "fullName", "Nickname": "nickname",
            "Primary Email": "email", "Secondary Email": "email2", "Work Phone": "workPhone", "Home Phone": "homePhone",
            "Fax Number": "workFax", "Pager Number": "pager", "Mobile Number": "mobilePhone",
            "Home Address": "homeStreet", "Home Address 2": "homeStreet", "Home City": "homeCity",
            "Home State": "homeState", "Home ZipCode": "homePostalCode", "Home Country": "homeCountry",
            "Work Address": "workStreet", "Work Address 2": "workStreet", "Work City": "workCity",
            "Work State": "workState", "Work ZipCode": "workPostalCode", "Work Country": "workCountry",
            "Job Title": "jobTitle", "Department": "department", "Organization": "company",
            "Web Page 1": "workURL", "Web Page 2": "homeURL", "Birth Year": "@birthYear", "Birth Month": "@birthMonth",
            "Birth Day": "@birthDay", "Custom 1": "custom1", "Custom 2": "custom2", "Custom 3": "custom3",
            "Custom 4": "custom4", "Notes": "notes",
        ],
        .google: [
            "Name": "fullName", "Given Name": "firstName", "Additional Name": "middleName", "Family Name": "lastName",
            "First Name": "firstName", "Middle Name": "middleName", "Last Name": "lastName",
            "Name Prefix": "namePrefix", "Name Suffix": "nameSuffix", "Nickname": "nickname", "File As": "fileAs",
            "Birthday": "birthday", "Notes": "notes", "Group Membership": "@groups", "Labels": "@groups",
            "Organization 1 - Name": "company", "Organization 1 - Title": "jobTitle",
            "Organization 1 - Department": "department", "Organization Name": "company",
            "Organization Title": "jobTitle", "Organization Department": "department",
            "Phonetic First Name": "phoneticFirstName", "Phonetic Last Name": "phoneticLastName",
            "Given Name Yomi": "phoneticFirstName", "Family Name Yomi": "phoneticLastName",
        ],
    ]
}
