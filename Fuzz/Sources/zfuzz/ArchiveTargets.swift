import CZMigrateHuffman
import CZMigrateZlib
import Foundation
import MailModel

@testable import ZimbraBundle

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

/// What zlib's raw inflate (32 KiB window) makes of `bytes`: whether it reached the end of the
/// final block, the input bytes it consumed, and its output when that is at most `limit` bytes.
private func zlibInflate(_ bytes: UnsafeRawBufferPointer, limit: Int = 1 << 22) -> (
  ended: Bool, consumed: Int, output: [UInt8]?
) {
  let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
  stream.initialize(to: z_stream())
  defer {
    inflateEnd(stream)
    stream.deallocate()
  }
  let status = inflateInit2_(
    stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
  check(status == Z_OK, "inflateInit2 failed")
  stream.pointee.next_in = UnsafeMutablePointer(
    mutating: bytes.bindMemory(to: Bytef.self).baseAddress)
  stream.pointee.avail_in = uInt(bytes.count)
  var output: [UInt8]? = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  var code = Z_OK
  while code == Z_OK {
    let produced = chunk.withUnsafeMutableBytes { out in
      stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
      stream.pointee.avail_out = uInt(out.count)
      code = inflate(stream, Z_NO_FLUSH)
      return out.count - Int(stream.pointee.avail_out)
    }
    if let kept = output, kept.count + produced <= limit {
      output = kept + chunk[0..<produced]
    } else {
      output = nil
    }
  }
  return (code == Z_STREAM_END, Int(stream.pointee.total_in), output)
}

/// DEFLATE scanner on any bytes (in a buffer of exactly their size, so AddressSanitizer sees any
/// read past them): it accepts exactly what zlib inflates to its end, ends in the byte where zlib
/// stops, and points at a header with BFINAL set. An accepted stream spliced with itself (BFINAL
/// cleared, an empty stored block after it) inflates to its output twice.
func fuzzDeflateScan(_ data: [UInt8]) {
  let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
  defer { bytes.deallocate() }
  data.withUnsafeBytes { bytes.copyMemory(from: $0) }
  let layout = DeflateLayout.scan(UnsafeRawBufferPointer(bytes))
  let zlib = zlibInflate(UnsafeRawBufferPointer(bytes))
  check(
    (layout != nil) == zlib.ended,
    "scan \(layout.map { "accepted, ending at bit \($0.endBit)" } ?? "refused"), zlib \(zlib)")
  guard let layout, let output = zlib.output else { return }
  check((layout.endBit + 7) / 8 == zlib.consumed, "scan ends at bit \(layout.endBit), zlib \(zlib)")
  check(layout.finalHeaderBit + 3 <= layout.endBit, "final header at \(layout.finalHeaderBit)")
  let header = layout.finalHeaderBit
  check(data[header / 8] >> (header % 8) & 1 == 1, "BFINAL not set at bit \(header)")

  var first = Array(data[0..<zlib.consumed])
  first[header / 8] &= ~(UInt8(1) << (header % 8))
  let tail = layout.endBit % 8
  if tail != 0 { first[first.count - 1] &= UInt8(1 << tail - 1) }
  if tail == 0 || tail > 5 { first.append(0) }
  let spliced = first + [0, 0, 0xFF, 0xFF] + data[0..<zlib.consumed]
  let twice = spliced.withUnsafeBytes { zlibInflate($0, limit: 2 * output.count) }
  check(twice.ended && twice.consumed == spliced.count, "spliced stream: \(twice.ended)")
  check(twice.output == output + output, "spliced stream inflates to something else")
}

/// The literals-only Huffman coder on any bytes, final and not: zlib inflates each form back to
/// the input and stops at its last byte, and a non-final piece takes another stream after it.
/// `zm_huffman_base64` either declines or writes exactly what `zm_huffman_literals` writes.
func fuzzHuffmanLiterals(_ data: [UInt8]) {
  let room = zm_huffman_literals_bound(data.count)
  var coded = [UInt8](repeating: 0, count: room)
  for final in [true, false] {
    let written = data.withUnsafeBufferPointer { input in
      coded.withUnsafeMutableBufferPointer {
        zm_huffman_literals(input.baseAddress, input.count, final ? 1 : 0, $0.baseAddress, room)
      }
    }
    check(written > 0 && written <= room, "coder wrote \(written) of \(room) bytes")
    // A final empty stored block after a non-final piece ends the stream.
    let stream = Array(coded[0..<written]) + (final ? [] : [0x01, 0x00, 0x00, 0xFF, 0xFF])
    let inflated = stream.withUnsafeBytes { zlibInflate($0, limit: data.count + 1) }
    check(inflated.ended && inflated.consumed == stream.count, "inflate: \(inflated.ended)")
    check(inflated.output == data, "inflates to something else (final: \(final))")
    let base64 = data.withUnsafeBufferPointer { input in
      coded.withUnsafeMutableBufferPointer {
        zm_huffman_base64(input.baseAddress, input.count, final ? 1 : 0, $0.baseAddress, room)
      }
    }
    check(base64 == 0 || base64 == written, "base64 entry point wrote \(base64), not \(written)")
  }
}
