import Foundation
import TestSupport
import Testing

@testable import ZimbraBundle

@Suite struct ZipReaderTests {
  /// Files for other tools to pack: text, incompressible bytes, an empty file.
  static let inputs: [(String, [UInt8])] = [
    ("a.eml", ArchiveTesting.mixedData(count: 50_000, seed: 11)),
    ("noise.bin", ZipTesting.noise(count: 30_000, seed: 12)),
    ("empty.eml", []),
    ("small.eml", Array("Subject: s\r\n\r\nx\r\n".utf8)),
  ]

  static func writeInputs(in directory: TemporaryDirectory) throws {
    for (name, data) in inputs {
      try Data(data).write(to: URL(fileURLWithPath: directory.path + "/" + name))
    }
  }

  @Test(.enabled(if: ZipTesting.hasZip, "zip is missing"))
  func readsInfoZipStreamedWithDataDescriptors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    try Self.writeInputs(in: directory)
    // Writing to a pipe makes Info-ZIP use data descriptors (and ZIP64 ones, 8-byte sizes).
    let names = Self.inputs.map(\.0).joined(separator: " ")
    let result = try ZipTesting.run(
      "/bin/sh", ["-c", "\(ZipTesting.zipPath!) -q - \(names) | cat > streamed.zip"],
      in: directory.path)
    #expect(result.status == 0)
    var reader = try ZipReader(path: directory.path + "/streamed.zip")
    let entries = try reader.readAll()
    #expect(entries.map(\.name) == Self.inputs.map(\.0))
    #expect(entries.map(\.data) == Self.inputs.map(\.1))
    #expect(entries.allSatisfy { $0.hasDataDescriptor })
    #expect(entries.allSatisfy { $0.mode == 0o644 || $0.mode == 0o600 || $0.mode == 0o664 })
    // The files' own mtimes, from Info-ZIP's UT field.
    for entry in entries {
      let attributes = try FileManager.default.attributesOfItem(
        atPath: directory.path + "/" + entry.name)
      let mtime = (attributes[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970) }
      #expect(entry.hasExtendedTimestamp && entry.mtime == mtime)
    }
  }

  @Test(.enabled(if: Python.isPresent, "python3 not found on PATH"))
  func readsPythonStreamedWithDataDescriptors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    try Self.writeInputs(in: directory)
    // An unseekable output makes zipfile set bit 3 on every entry, stored ones included;
    // force_zip64 gives 8-byte sizes in the descriptor.
    let script = """
      import sys, zipfile
      z = zipfile.ZipFile(sys.stdout.buffer, "w")
      for i, name in enumerate(sys.argv[1:]):
          info = zipfile.ZipInfo(name, date_time=(2001, 2, 3, 4, 5, 6))
          info.compress_type = zipfile.ZIP_DEFLATED if i % 2 == 0 else zipfile.ZIP_STORED
          info.external_attr = 0o100640 << 16
          with open(name, "rb") as f, z.open(info, "w", force_zip64=(i == 2)) as out:
              out.write(f.read())
      z.close()
      """
    try script.write(toFile: directory.path + "/pack.py", atomically: true, encoding: .utf8)
    let names = Self.inputs.map(\.0).joined(separator: " ")
    let result = try ZipTesting.run(
      "/bin/sh", ["-c", "python3 pack.py \(names) | cat > streamed.zip"],
      in: directory.path)
    #expect(result.status == 0)
    var reader = try ZipReader(path: directory.path + "/streamed.zip")
    let entries = try reader.readAll()
    #expect(entries.map(\.name) == Self.inputs.map(\.0))
    #expect(entries.map(\.data) == Self.inputs.map(\.1))
    #expect(entries.map(\.method) == [8, 0, 8, 0])
    #expect(entries.allSatisfy { $0.hasDataDescriptor && !$0.hasExtendedTimestamp })
    // No UT field: the DOS time, read as UTC.
    #expect(entries.allSatisfy { $0.mtime == 981_173_106 })
    #expect(entries.allSatisfy { $0.mode == 0o640 })
  }

  @Test func errorsCarryOffsets() throws {
    let samples = ZipTesting.samples()
    let good = try ZipTesting.archive(samples)
    var reader = try ZipReader(bytes: good)
    let entries = try reader.readAll()
    let stored = try #require(entries.first { $0.name == "Inbox/random.bin" })
    let deflated = try #require(entries.first { $0.name == "Archive/big.eml" })
    func dataStart(_ entry: ZipEntry) -> Int {
      Int(entry.offset) + 30 + ZipTesting.le16(good, Int(entry.offset) + 26)
        + ZipTesting.le16(good, Int(entry.offset) + 28)
    }
    func failure(_ bytes: [UInt8]) -> BundleError? {
      do {
        var reader = try ZipReader(bytes: bytes)
        _ = try reader.readAll()
        return nil
      } catch {
        return error as? BundleError
      }
    }

    // A flipped byte in stored data: the CRC check, at the data.
    var corrupt = good
    corrupt[dataStart(stored) + 100] ^= 0xFF
    let crcError = try #require(failure(corrupt))
    #expect(crcError.message.contains("CRC-32") && crcError.offset == Int64(dataStart(stored)))

    // Damaged deflate data.
    corrupt = good
    for index in 0..<64 { corrupt[dataStart(deflated) + 1000 + index] = 0xFF }
    let inflateError = try #require(failure(corrupt))
    #expect(inflateError.offset.map { $0 >= deflated.offset } == true, "\(inflateError)")

    // The local name differs from the central one.
    corrupt = good
    corrupt[Int(deflated.offset) + 30] = UInt8(ascii: "a")
    let nameError = try #require(failure(corrupt))
    #expect(nameError.message.contains("differs") && nameError.offset == deflated.offset)

    // Truncated: no end record.
    let truncatedError = try #require(failure(Array(good.dropLast(5))))
    #expect(truncatedError.message.contains("end of central directory"))

    // A local header that is not where the central directory says entries are.
    corrupt = good
    corrupt[Int(stored.offset)] = 0
    let signatureError = try #require(failure(corrupt))
    #expect(signatureError.offset == stored.offset)

    // Not a zip at all.
    #expect(failure(Array("hello".utf8)) != nil)
    #expect(failure([]) != nil)
  }

  @Test func entriesOverTheLimitAreRefused() throws {
    let bytes = try ZipTesting.archive([
      ZipTesting.Sample(
        name: "a", data: ZipTesting.noise(count: 5000, seed: 1), mode: 0o644, mtime: 0)
    ])
    var reader = try ZipReader(bytes: bytes, maxEntrySize: 4096)
    #expect(throws: BundleError.self) { _ = try reader.next() }
  }

  @Test func missingFileThrowsWithPath() {
    #expect {
      _ = try ZipReader(path: "/nonexistent-zmigrate-dir/x.zip")
    } throws: { error in
      (error as? BundleError)?.path == "/nonexistent-zmigrate-dir/x.zip"
    }
  }
}
