import Foundation
import MailModel
import ZimbraBundle

/// Entries made from the input: a name field, then a data field, repeated (at most 8).
private func entries(_ input: inout FuzzInput) -> [(name: String, data: [UInt8], mtime: Int64)] {
  var list: [(name: String, data: [UInt8], mtime: Int64)] = []
  while !input.rest.isEmpty && list.count < 8 {
    let name = input.string()
    let mtime = Int64(input.byte()) << 20
    list.append((name, input.field(), mtime))
  }
  return list
}

/// tar reader on any bytes (returns or throws a located error), and writer → reader round trip.
func fuzzTar(_ data: [UInt8]) {
  do {
    var reader = try TarReader(bytes: data, maxEntrySize: 1 << 20)
    while try reader.next() != nil {}
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
  var input = FuzzInput(data)
  let wanted = entries(&input)
  let sink = MemorySink()
  let writer = TarWriter(sink: sink)
  var written: [(name: String, data: [UInt8], mtime: Int64)] = []
  for entry in wanted {
    do {
      try writer.addFile(name: entry.name, data: entry.data, mode: 0o644, mtime: entry.mtime)
      written.append(entry)
    } catch {
      check(isProjectError(error), "unlocated error \(error)")
    }
  }
  do {
    try writer.finish()
    var reader = try TarReader(bytes: sink.bytes)
    var back: [TarEntry] = []
    while let entry = try reader.next() { back.append(entry) }
    check(back.count == written.count, "tar round trip: \(back.count) of \(written.count)")
    for (a, b) in zip(written, back) {
      check(a.name == b.name && a.data == b.data && a.mtime == b.mtime, "tar entry \(a.name)")
    }
  } catch {
    check(false, "tar round trip threw \(error)")
  }
}

/// gzip reader on any bytes (bounded output), and compressor → reader round trip.
func fuzzGzip(_ data: [UInt8]) {
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  do {
    let reader = try GzipReader(source: MemoryInput(data), bufferSize: 4096)
    var total = 0
    while total < 1 << 24 {
      let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
      if n == 0 { break }
      total += n
    }
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
  do {
    let sink = MemorySink()
    let gzip = try ParallelGzipSink(
      destination: sink, level: Int(data.first ?? 0) % 10, workers: 1,
      blockSize: 1 + Int(data.last ?? 0) * 7)
    try gzip.write(data)
    try gzip.finish()
    let reader = try GzipReader(source: MemoryInput(sink.bytes), bufferSize: 1024)
    var back: [UInt8] = []
    while true {
      let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
      if n == 0 { break }
      back += buffer[0..<n]
    }
    check(back == data, "gzip round trip changed \(data.count) bytes into \(back.count)")
  } catch {
    check(false, "gzip round trip threw \(error)")
  }
}

/// zip reader on any bytes, and writer → reader round trip.
func fuzzZip(_ data: [UInt8]) {
  do {
    var reader = try ZipReader(bytes: data, maxEntrySize: 1 << 20)
    while try reader.next() != nil {}
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
  var input = FuzzInput(data)
  let wanted = entries(&input)
  do {
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink, level: 1, workers: 1)
    var written: [(name: String, data: [UInt8], mtime: Int64)] = []
    for entry in wanted {
      do {
        try writer.addFile(name: entry.name, data: entry.data, mtime: entry.mtime)
        written.append(entry)
      } catch {
        check(isProjectError(error), "unlocated error \(error)")
      }
    }
    try writer.finish()
    var reader = try ZipReader(bytes: sink.bytes)
    let back = try reader.readAll()
    check(back.count == written.count, "zip round trip: \(back.count) of \(written.count)")
    for (a, b) in zip(written, back) {
      check(a.name == b.name && a.data == b.data, "zip entry \(a.name)")
    }
  } catch {
    check(false, "zip round trip threw \(error)")
  }
}

/// `.meta`: any bytes parse or throw; what `MetaRecord.json` writes parses back the same.
func fuzzMeta(_ data: [UInt8]) {
  do {
    _ = try MetaRecord.parse(data)
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
  var input = FuzzInput(data)
  let flags = MessageFlags(rawValue: input.byte() & 0x3F)
  let date = Int64(input.byte()) * 1_000_000_007
  let size = Int(input.byte()) * 977
  var path: [String] = []
  // Paths as the mapper makes them: every name sanitized.
  for _ in 0..<(1 + Int(input.byte()) % 4) {
    path.append(FolderMapper.sanitize(input.string()).name)
  }
  var keywords: [String] = []
  while !input.rest.isEmpty && keywords.count < 6 { keywords.append(input.string()) }
  let json = MetaRecord.json(
    id: MetaRecord.firstID, path: path, date: date, size: size, flags: flags,
    keywords: keywords, blobDigest: "abc")
  do {
    let meta = try MetaRecord.parse(json)
    check(meta.id == MetaRecord.firstID && meta.date == date && meta.size == size, "numbers")
    check(meta.path == path, ".meta path \(path) came back as \(meta.path)")
    var expected = flags
    let tags = MetaRecord.tags(for: keywords, flags: &expected)
    check(meta.tagNames == tags, ".meta tags \(tags) came back as \(meta.tagNames)")
    check(MetaRecord.flags(of: meta) == expected, ".meta flags changed")
  } catch {
    check(false, ".meta written could not be read: \(error)")
  }
}

/// Folder mapper: whatever the source folder's names, the entry directory is a clean relative
/// path inside the bundle and every Zimbra name is acceptable.
func fuzzFolderMap(_ data: [UInt8]) {
  var input = FuzzInput(data)
  let options = input.byte()
  var components: [String] = []
  while !input.rest.isEmpty && components.count < 12 { components.append(input.string()) }
  var mapper = FolderMapper(
    options: FolderMapOptions(
      automap: options & 1 != 0, separator: options & 2 != 0 ? "." : nil,
      prefix: options & 4 != 0 ? "Imported" : nil, into: options & 8 != 0 ? ["A", "B"] : nil))
  let mapped = mapper.map(FolderPath(components))
  check(!mapped.zimbraPath.isEmpty, "empty Zimbra path for \(components)")
  for name in mapped.zimbraPath {
    check(FolderMapper.sanitize(name).name == name, "unsanitized name '\(name)'")
  }
  let directory = FolderMapper.entryDirectory(mapped.zimbraPath)
  check(!directory.hasPrefix("/") && !directory.hasSuffix("/"), "directory '\(directory)'")
  for part in directory.split(separator: "/", omittingEmptySubsequences: false) {
    check(part != "" && part != "." && part != "..", "directory '\(directory)' escapes")
    check(!part.contains("\u{0}"), "NUL in directory")
  }
}
