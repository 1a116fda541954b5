import Foundation
import MailModel

@testable import MailStores

/// The messages the splitter cuts from `input`, read `chunk` bytes at a time.
func split(_ input: [UInt8], chunk: Int) -> (chunks: [MboxChunk], error: String?) {
  var splitter = MboxSplitter(
    source: MemoryByteSource(input, chunkSize: chunk), path: "fuzz.mbox", zone: .gmt,
    chunkSize: chunk)
  defer { splitter.close() }
  var chunks: [MboxChunk] = []
  do {
    guard try splitter.start() else { return ([], nil) }
    while let next = try splitter.next() {
      chunks.append(next)
      check(chunks.count <= input.count + 1, "more messages than bytes")
    }
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
    return (chunks, "\(error)")
  }
  return (chunks, nil)
}

/// mbox splitter: the same cut whatever the read size, and the separators, messages and the
/// blank lines or NULs between them rebuild the input.
func fuzzMboxSplit(_ data: [UInt8]) {
  var input = FuzzInput(data)
  let chunk = input.size(upTo: 64)
  let bytes = Array(input.rest)
  let small = split(bytes, chunk: chunk)
  let whole = split(bytes, chunk: 1 << 20)
  check(small.error == whole.error, "read size \(chunk) changes the error")
  check(small.chunks.count == whole.chunks.count, "read size \(chunk) changes the count")
  var at = 0
  // Before the first separator: only blank lines.
  if let first = whole.chunks.first {
    check(bytes[0..<Int(first.offset)].allSatisfy { $0 == 10 || $0 == 13 }, "text before From")
  }
  for (a, b) in zip(small.chunks, whole.chunks) {
    check(a.offset == b.offset && a.bytes == b.bytes && a.fromLine == b.fromLine, "cut differs")
    let offset = Int(a.offset)
    check(offset >= at, "messages overlap")
    let gap = bytes[at..<offset]
    check(gap.allSatisfy { $0 == 10 || $0 == 13 || $0 == 0 }, "bytes lost between messages")
    check(Array(bytes[offset..<offset + a.fromLine.count]) == a.fromLine, "separator not in input")
    var content = offset + a.fromLine.count
    if content < bytes.count, bytes[content] == 13 { content += 1 }
    if content < bytes.count, bytes[content] == 10 { content += 1 }
    check(content + a.bytes.count <= bytes.count, "message past the end")
    check(Array(bytes[content..<content + a.bytes.count]) == a.bytes, "message not in input")
    at = content + a.bytes.count
  }
  if whole.error == nil {
    check(bytes[at...].allSatisfy { $0 == 10 || $0 == 13 || $0 == 0 }, "tail lost")
  }
}

/// Header section, RFC 2047 words and MIME parameters: ranges stay inside the input.
func fuzzHeader(_ data: [UInt8]) {
  let (end, bodyStart) = HeaderSection.bounds(of: data)
  check(0 <= end && end <= bodyStart && bodyStart <= data.count, "bounds \(end) \(bodyStart)")
  for field in HeaderSection.fields(of: data) {
    check(field.range.lowerBound >= 0 && field.range.upperBound <= end, "field past the header")
    check(
      field.valueRange.lowerBound >= field.range.lowerBound
        && field.valueRange.upperBound <= field.range.upperBound, "value outside its field")
    let value = field.value(in: data)
    _ = MimeParameters.value(of: "charset", in: value)
    _ = MimeParameters.value(of: "filename", in: value)
  }
  _ = HeaderSection.value(of: "Subject", in: data)
  var copy = data
  let removed = HeaderSection.remove(["Status", "X-Status"], from: &copy)
  check(copy.count <= data.count, "removing headers grew the message")
  _ = removed
}

/// Modified UTF-7: any string encodes and decodes back to itself; decoding never traps, and
/// what decodes re-encodes to something that decodes the same.
func fuzzModifiedUTF7(_ data: [UInt8]) {
  let text = String(decoding: data, as: UTF8.self)
  let encoded = ModifiedUTF7.encode(text)
  check(encoded.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "not ASCII")
  check(ModifiedUTF7.decode(encoded) == text, "round trip lost '\(text)'")
  if let decoded = ModifiedUTF7.decode(text) {
    check(ModifiedUTF7.decode(ModifiedUTF7.encode(decoded)) == decoded, "re-encoding differs")
  }
}

/// Dovecot `dovecot-uidlist`, `subscriptions` and `dovecot-keywords`: any bytes parse or throw a
/// located error; the records kept have strictly increasing UIDs; keyword names are non-empty,
/// unique, and each stands on a line of the file as `index name`.
func fuzzDovecot(_ data: [UInt8]) {
  let keywords = MaildirKeywords(parsing: data)
  check(keywords.names.count == 26, "not one slot per letter")
  let named = keywords.names.compactMap { $0 }
  check(Set(named).count == named.count, "a keyword name repeated")
  let text = String(decoding: data, as: UTF8.self)
  for (index, name) in keywords.names.enumerated() {
    guard let name else { continue }
    check(!name.isEmpty, "an empty keyword name")
    check(text.contains(" \(name)"), "keyword \(index) '\(name)' is not in the file")
  }
  do {
    let list = try DovecotUidList(parsing: data)
    for (a, b) in zip(list.records, list.records.dropFirst()) {
      check(a.uid < b.uid, "uidlist UIDs not increasing: \(a.uid) then \(b.uid)")
    }
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
  for courier in [false, true] {
    do {
      _ = try DovecotSubscriptions(parsing: data, courier: courier)
    } catch {
      check(isProjectError(error), "unlocated error \(error)")
    }
  }
}
