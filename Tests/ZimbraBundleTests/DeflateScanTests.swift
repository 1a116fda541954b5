import CZMigrateDeflate
import CZMigrateDeflateScan
import CZMigrateZlib
import Foundation
import TestSupport
import Testing

@testable import ZimbraBundle

/// Raw DEFLATE helpers for the scanner's tests: compressors, zlib's own view of a stream, splicing.
enum DeflateTesting {
  /// libdeflate's raw DEFLATE stream for `input` at `level` (0–12).
  static func libdeflate(_ input: [UInt8], level: Int) throws -> [UInt8] {
    let compressor = try #require(libdeflate_alloc_compressor(Int32(level)))
    defer { libdeflate_free_compressor(compressor) }
    let bound = libdeflate_deflate_compress_bound(compressor, input.count)
    var output = [UInt8](repeating: 0, count: bound)
    let count = input.withUnsafeBytes { source in
      output.withUnsafeMutableBytes {
        libdeflate_deflate_compress(
          compressor, source.baseAddress, source.count, $0.baseAddress, bound)
      }
    }
    try #require(count > 0)
    return Array(output[0..<count])
  }

  /// zlib's raw DEFLATE stream for `input`, flushed with `mode` before each offset of `flushes`
  /// (in increasing order, repeats allowed), then finished.
  static func zlib(
    _ input: [UInt8], level: Int32, strategy: Int32 = Z_DEFAULT_STRATEGY,
    flushes: [Int] = [], mode: Int32 = Z_SYNC_FLUSH
  ) throws -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
      deflateEnd(stream)
      stream.deallocate()
    }
    let status = deflateInit2_(
      stream, level, Z_DEFLATED, -MAX_WBITS, 8, strategy, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    try #require(status == Z_OK)
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var start = 0
    let ends = flushes + [input.count]
    for (index, end) in ends.enumerated() {
      let flush = index == ends.count - 1 ? Z_FINISH : mode
      try input[start..<end].withUnsafeBytes { source in
        stream.pointee.next_in = UnsafeMutablePointer(
          mutating: source.bindMemory(to: Bytef.self).baseAddress)
        stream.pointee.avail_in = uInt(source.count)
        var code = Z_OK
        repeat {
          let produced = chunk.withUnsafeMutableBytes { out in
            stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
            stream.pointee.avail_out = uInt(out.count)
            code = deflate(stream, flush)
            return out.count - Int(stream.pointee.avail_out)
          }
          try #require(code == Z_OK || code == Z_BUF_ERROR || code == Z_STREAM_END)
          output += chunk[0..<produced]
        } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && code != Z_STREAM_END)
      }
      start = end
    }
    return output
  }

  /// What zlib's raw inflate makes of a stream.
  struct ZlibView {
    /// Whether inflate reached the end of the final block (`Z_STREAM_END`).
    var ended = false
    /// The bytes inflated.
    var output: [UInt8] = []
    /// The input bytes inflate consumed.
    var consumed = 0
    /// The final block's header and end, in bits (when `ended`), found by stopping at every
    /// block boundary (`Z_BLOCK`).
    var finalHeaderBit = 0
    var endBit = 0
  }

  /// Inflates `bytes[0 ..< count]` with zlib (raw, 32 KiB window), block by block.
  static func inflate(_ bytes: [UInt8], count: Int? = nil) throws -> ZlibView {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
      inflateEnd(stream)
      stream.deallocate()
    }
    try #require(
      inflateInit2_(stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    var view = ZlibView()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    let count = count ?? bytes.count
    bytes.withUnsafeBufferPointer { input in
      stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
      stream.pointee.avail_in = uInt(count)
      var idle = 0  // calls in a row that took and gave nothing
      while idle < 2 {
        let consumedBefore = view.consumed
        var code = Z_OK
        let produced = chunk.withUnsafeMutableBytes { out in
          stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
          stream.pointee.avail_out = uInt(out.count)
          code = CZMigrateZlib.inflate(stream, Z_BLOCK)
          return out.count - Int(stream.pointee.avail_out)
        }
        view.output += chunk[0..<produced]
        view.consumed = Int(stream.pointee.total_in)
        let type = Int(stream.pointee.data_type)
        if code == Z_OK && type & 128 != 0 {
          // At a block boundary: after the last block, its end; else the next block's header.
          let bit = view.consumed * 8 - type & 7
          if type & 64 != 0 { view.endBit = bit } else { view.finalHeaderBit = bit }
        }
        if code == Z_STREAM_END { view.ended = true }
        if code != Z_OK { break }
        idle = produced == 0 && view.consumed == consumedBefore ? idle + 1 : 0
      }
    }
    return view
  }

  /// The scanner's layout of `bytes[0 ..< count]` (a view of the whole array, so a read past
  /// `count` would see real stream bytes rather than fail), or nil when it refuses them.
  static func scan(_ bytes: [UInt8], count: Int? = nil) -> zm_deflate_layout? {
    var layout = zm_deflate_layout()
    let status = bytes.withUnsafeBufferPointer {
      zm_deflate_scan($0.baseAddress, count ?? $0.count, &layout)
    }
    return status == 0 ? layout : nil
  }

  /// Scans `bytes[0 ..< count]` and expects zlib to agree: the scanner accepts exactly the
  /// streams zlib inflates to their end, and puts the final block where zlib finds it.
  @discardableResult
  static func expectAgreement(
    _ bytes: [UInt8], count: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> zm_deflate_layout? {
    let layout = scan(bytes, count: count)
    let zlib = try inflate(bytes, count: count)
    #expect((layout != nil) == zlib.ended, sourceLocation: sourceLocation)
    if let layout, zlib.ended {
      #expect(Int(layout.final_header_bit) == zlib.finalHeaderBit, sourceLocation: sourceLocation)
      #expect(Int(layout.end_bit) == zlib.endBit, sourceLocation: sourceLocation)
      #expect(Int((layout.end_bit + 7) / 8) == zlib.consumed, sourceLocation: sourceLocation)
    }
    return layout
  }

  /// Checks a complete stream of `input`: the scanner agrees with zlib, the stream ends in the
  /// byte holding its final bit, the final block's header has BFINAL set, and it inflates back.
  static func expectCompleteStream(
    _ stream: [UInt8], of input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let layout = try #require(scan(stream), sourceLocation: sourceLocation)
    #expect(Int((layout.end_bit + 7) / 8) == stream.count, sourceLocation: sourceLocation)
    #expect(layout.final_header_bit + 3 <= layout.end_bit, sourceLocation: sourceLocation)
    let header = Int(layout.final_header_bit)
    #expect(stream[header / 8] >> (header % 8) & 1 == 1, sourceLocation: sourceLocation)
    let zlib = try inflate(stream)
    #expect(zlib.ended && zlib.output == input, sourceLocation: sourceLocation)
    #expect(Int(layout.final_header_bit) == zlib.finalHeaderBit, sourceLocation: sourceLocation)
    #expect(Int(layout.end_bit) == zlib.endBit, sourceLocation: sourceLocation)
  }

  /// Splices complete raw DEFLATE streams into one, as the .tgz writer does: every stream but the
  /// last loses its BFINAL bit and gets an empty non-final stored block after its final block
  /// (3 zero bits, zero bits to the byte boundary, LEN 0000, NLEN FFFF); the last is kept whole.
  static func splice(_ pieces: [[UInt8]]) throws -> [UInt8] {
    var out: [UInt8] = []
    for piece in pieces.dropLast() {
      let layout = try #require(scan(piece))
      var bytes = Array(piece[0..<Int((layout.end_bit + 7) / 8)])
      let header = Int(layout.final_header_bit)
      bytes[header / 8] &= ~(UInt8(1) << (header % 8))
      let tail = Int(layout.end_bit % 8)
      if tail != 0 { bytes[bytes.count - 1] &= UInt8(1 << tail - 1) }
      // The stored block's 3 header bits fit in the last byte only when 3 bits are left in it.
      if tail == 0 || tail > 5 { bytes.append(0) }
      out += bytes + [0, 0, 0xFF, 0xFF]
    }
    return out + (pieces.last ?? [])
  }

  /// A SplitMix64 stream of bytes.
  static func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var random = SeededGenerator(state: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
  }

  /// Base64 lines of random data, as in a mail attachment.
  static func base64Lines(count: Int, seed: UInt64) -> [UInt8] {
    let encoded = Data(randomBytes(count: count * 3 / 4 + 57, seed: seed))
      .base64EncodedData(options: [.lineLength76Characters, .endLineWithLineFeed])
    return Array(encoded.prefix(count))
  }

  /// Long runs of one byte and of a repeated phrase.
  static func repeats(count: Int) -> [UInt8] {
    let phrase = Array("Zimbra keeps every message; ".utf8)
    var out = [UInt8](repeating: 0x61, count: count / 2)
    while out.count < count { out += phrase }
    return Array(out.prefix(count))
  }

  /// The mail fixtures of the package, one after the other.
  static func mail() throws -> [UInt8] {
    var out: [UInt8] = []
    for folder in ["mbox", "eml", "maildir"] {
      let root = Fixture.url(folder)
      let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
      let paths = (files?.allObjects as? [URL] ?? []).map(\.path).sorted()
      for path in paths {
        if let data = FileManager.default.contents(atPath: path) { out += data }
      }
    }
    try #require(out.count > 10_000)
    return out
  }

  /// Pieces of each kind above, of random sizes up to 200 KiB, up to `count` bytes.
  static func mixture(count: Int, seed: UInt64) throws -> [UInt8] {
    var random = SeededGenerator(state: seed)
    let mail = try mail()
    var out: [UInt8] = []
    while out.count < count {
      let size = Int(random.next() % 200_000) + 1
      let seed = random.next()
      switch random.next() % 5 {
      case 0: out += randomBytes(count: size, seed: seed)
      case 1: out += base64Lines(count: size, seed: seed)
      case 2: out += repeats(count: size)
      case 3: out += ArchiveTesting.mixedData(count: size, seed: seed)
      default: out += mail.prefix(size)
      }
    }
    return Array(out.prefix(count))
  }

  /// The inputs every compressor setting is tried on.
  static func inputs() throws -> [(name: String, bytes: [UInt8])] {
    [
      ("empty", []),
      ("one byte", [0x41]),
      ("text", ArchiveTesting.mixedData(count: 150_000, seed: 3)),
      ("random", randomBytes(count: 200_000, seed: 5)),
      ("repeats", repeats(count: 300_000)),
      ("base64", base64Lines(count: 200_000, seed: 7)),
      ("mail", try mail()),
      ("mixture", try mixture(count: 400_000, seed: 11)),
    ]
  }
}

/// Writes bits least significant first, as DEFLATE packs them, to build streams by hand.
struct DeflateBitWriter {
  var bytes: [UInt8] = []
  var bitCount = 0

  /// `count` bits of `value`, least significant first (header fields, extra bits).
  mutating func bits(_ value: Int, _ count: Int) {
    for index in 0..<count {
      if bitCount % 8 == 0 { bytes.append(0) }
      if value >> index & 1 == 1 { bytes[bitCount / 8] |= 1 << (bitCount % 8) }
      bitCount += 1
    }
  }

  /// A Huffman code of `length` bits: most significant bit first.
  mutating func code(_ code: Int, _ length: Int) {
    for index in stride(from: length - 1, through: 0, by: -1) { bits(code >> index & 1, 1) }
  }

  /// The canonical codes for `lengths` (RFC 1951, 3.2.2).
  static func canonicalCodes(_ lengths: [Int]) -> [Int] {
    var counts = [Int](repeating: 0, count: 16)
    for length in lengths where length > 0 { counts[length] += 1 }
    var next = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1..<16 {
      code = (code + (length == 1 ? 0 : counts[length - 1])) << 1
      next[length] = code
    }
    return lengths.map { length in
      guard length > 0 else { return 0 }
      defer { next[length] += 1 }
      return next[length]
    }
  }

  /// A fixed-code literal/length symbol (RFC 1951, 3.2.6).
  mutating func fixedSymbol(_ symbol: Int) {
    switch symbol {
    case 0..<144: code(0x30 + symbol, 8)
    case 144..<256: code(0x190 + symbol - 144, 9)
    case 256..<280: code(symbol - 256, 7)
    default: code(0xC0 + symbol - 280, 8)
    }
  }

  /// The code-length code used by `dynamicHeader`: symbols 0–12 and 16–18, four bits each.
  static let codeLengthLengths = (0..<19).map { $0 <= 12 || $0 >= 16 ? 4 : 0 }

  /// A dynamic block's header: HLIT, HDIST, all 19 code-length code lengths, then `items`
  /// (code-length symbols with their extra bits) coded with `codeLengthLengths`.
  mutating func dynamicHeader(
    final: Bool, litlenCount: Int, distCount: Int,
    items: [(symbol: Int, extra: Int)], clenLengths: [Int] = codeLengthLengths
  ) {
    bits(final ? 1 : 0, 1)
    bits(2, 2)
    bits(litlenCount - 257, 5)
    bits(distCount - 1, 5)
    bits(19 - 4, 4)
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] {
      bits(clenLengths[symbol], 3)
    }
    let codes = Self.canonicalCodes(clenLengths)
    for item in items {
      code(codes[item.symbol], clenLengths[item.symbol])
      switch item.symbol {
      case 16: bits(item.extra, 2)
      case 17: bits(item.extra, 3)
      case 18: bits(item.extra, 7)
      default: break
      }
    }
  }

  /// Code lengths as code-length symbols: zero runs of 3 or more as 17/18, other repeats as 16.
  static func runLengthItems(_ lengths: [Int]) -> [(symbol: Int, extra: Int)] {
    var items: [(symbol: Int, extra: Int)] = []
    var index = 0
    while index < lengths.count {
      let value = lengths[index]
      var run = 1
      while index + run < lengths.count && lengths[index + run] == value { run += 1 }
      index += run
      if value == 0 {
        while run >= 3 {
          let take = min(run, 138)
          items.append(take >= 11 ? (18, take - 11) : (17, take - 3))
          run -= take
        }
      } else {
        items.append((value, 0))
        run -= 1
        while run >= 3 {
          let take = min(run, 6)
          items.append((16, take - 3))
          run -= take
        }
      }
      items += Array(repeating: (value, 0), count: run)
    }
    return items
  }
}

/// `zm_deflate_scan` against libdeflate's and zlib's streams, spliced streams, and damaged ones.
@Suite struct DeflateScanTests {
  typealias T = DeflateTesting

  @Test(arguments: 0...12)
  func libdeflateStreamsEndWhereTheScanSays(level: Int) throws {
    for input in try T.inputs() {
      let stream = try T.libdeflate(input.bytes, level: level)
      try T.expectCompleteStream(stream, of: input.bytes)
    }
  }

  /// zlib levels and strategies: stored, fast, default and best; Huffman only, fixed, RLE, filtered.
  static let zlibSettings: [(level: Int32, strategy: Int32)] = [
    (0, Z_DEFAULT_STRATEGY), (1, Z_DEFAULT_STRATEGY), (6, Z_DEFAULT_STRATEGY),
    (9, Z_DEFAULT_STRATEGY), (6, Z_HUFFMAN_ONLY), (6, Z_FIXED), (6, Z_RLE), (6, Z_FILTERED),
  ]

  @Test(arguments: zlibSettings)
  func zlibStreamsEndWhereTheScanSays(level: Int32, strategy: Int32) throws {
    for input in try T.inputs() {
      let stream = try T.zlib(input.bytes, level: level, strategy: strategy)
      try T.expectCompleteStream(stream, of: input.bytes)
    }
  }

  @Test(arguments: [1, 6, 12])
  func aLargeMixtureScansToItsEnd(level: Int) throws {
    let input = try T.mixture(count: 3 << 20 + 12_345, seed: UInt64(level))
    try T.expectCompleteStream(try T.libdeflate(input, level: level), of: input)
    if level == 6 {
      try T.expectCompleteStream(try T.zlib(input, level: 6), of: input)
    }
  }

  /// Many blocks: empty stored blocks (sync, full flush), empty fixed blocks (partial flush),
  /// blocks ending at any bit (Z_BLOCK), flushes at the start and twice in a row.
  @Test(arguments: [Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_PARTIAL_FLUSH, Z_BLOCK])
  func streamsFlushedManyTimesScanToTheirEnd(mode: Int32) throws {
    var random = SeededGenerator(state: UInt64(mode) + 100)
    let input = try T.mixture(count: 500_000, seed: UInt64(mode))
    var flushes = [0, 0]
    while let last = flushes.last, last < input.count {
      let step = Int(random.next() % (random.next() % 2 == 0 ? 40 : 20_000))
      flushes.append(min(input.count, last + step))
    }
    for level: Int32 in [1, 6] {
      let stream = try T.zlib(input, level: level, flushes: flushes, mode: mode)
      try T.expectCompleteStream(stream, of: input)
    }
    // A stream of nothing but flushes.
    try T.expectCompleteStream(
      try T.zlib([], level: 6, flushes: [0, 0, 0], mode: mode), of: [])
  }

  @Test(arguments: [0, 1, 6, 12])
  func splicedPiecesInflateToTheirConcatenation(level: Int) throws {
    let mixture = try T.mixture(count: 900_000, seed: 21)
    let cases: [[[UInt8]]] = [
      [Array(mixture[0..<300_000]), Array(mixture[300_000..<700_000]), Array(mixture[700_000...])],
      [[], [0x41], []],
      [T.randomBytes(count: 70_000, seed: 2), [], T.repeats(count: 100_000)],
      [T.base64Lines(count: 5000, seed: 3), T.repeats(count: 257), Array("end\n".utf8)],
    ]
    for pieces in cases {
      let streams = try pieces.map { try T.libdeflate($0, level: level) }
      let spliced = try T.splice(streams)
      let zlib = try T.inflate(spliced)
      #expect(zlib.ended)
      #expect(zlib.consumed == spliced.count)
      #expect(zlib.output == pieces.reduce([], +))
      // The spliced stream's final block is the last piece's, moved by what precedes it.
      let last = try #require(T.scan(streams[2]))
      let whole = try #require(try T.expectAgreement(spliced))
      let before = UInt64(spliced.count - streams[2].count) * 8
      #expect(whole.final_header_bit == before + last.final_header_bit)
      #expect(whole.end_bit == before + last.end_bit)
    }
  }

  @Test func splicingZlibStreamsWithFlushesWorksToo() throws {
    let pieces = [
      ArchiveTesting.mixedData(count: 100_000, seed: 1), T.randomBytes(count: 30_000, seed: 1),
      T.repeats(count: 9_999),
    ]
    let streams = try pieces.enumerated().map { index, piece in
      try T.zlib(
        piece, level: 6, flushes: [10, 5000, 5001], mode: [Z_BLOCK, Z_PARTIAL_FLUSH][index % 2])
    }
    let zlib = try T.inflate(try T.splice(streams))
    #expect(zlib.ended && zlib.output == pieces.reduce([], +))
  }

  /// A scan that succeeded on a prefix would succeed at the same place on the whole stream, which
  /// ends in its last byte: so every strict prefix is refused (without reading past it: the
  /// prefix is a view of the whole stream, so overreading would find the real bytes).
  @Test func everyStrictPrefixIsRefused() throws {
    let text = ArchiveTesting.mixedData(count: 6000, seed: 8)
    let streams = [
      try T.libdeflate(text, level: 6),
      try T.libdeflate(T.randomBytes(count: 300, seed: 4), level: 1),
      try T.libdeflate(Array(text.prefix(40)), level: 12),
      try T.zlib(text, level: 6, flushes: [1, 100, 100, 2000, 4000], mode: Z_SYNC_FLUSH),
      try T.zlib(text, level: 1, flushes: [1, 333, 3000], mode: Z_BLOCK),
      try T.zlib(Array(text.prefix(500)), level: 6, strategy: Z_FIXED),
      try T.zlib(Array(text.prefix(500)), level: 0),
    ]
    for stream in streams {
      try T.expectCompleteStream(stream, of: try T.inflate(stream).output)
      for count in 0..<stream.count {
        #expect(T.scan(stream, count: count) == nil, "prefix of \(count) of \(stream.count)")
        #expect(try T.expectAgreement(stream, count: count) == nil)
      }
    }
  }

  /// Bits flipped, bytes replaced, removed and duplicated in small streams: whatever comes out,
  /// the scanner accepts it exactly when zlib inflates it to its end, and ends where zlib ends.
  @Test func damagedStreamsAreJudgedAsZlibJudgesThem() throws {
    var random = SeededGenerator(state: 77)
    let text = ArchiveTesting.mixedData(count: 3000, seed: 9)
    let originals = [
      try T.libdeflate(text, level: 6), try T.libdeflate(Array(text.prefix(300)), level: 1),
      try T.zlib(Array(text.prefix(200)), level: 6, strategy: Z_FIXED),
      try T.zlib(Array(text.prefix(800)), level: 9, flushes: [50, 51, 400], mode: Z_BLOCK),
      try T.zlib(Array(text.prefix(100)), level: 0, flushes: [30], mode: Z_FULL_FLUSH),
    ]
    var accepted = 0
    var refused = 0
    for round in 0..<3000 {
      var stream = originals[round % originals.count]
      for _ in 0...(random.next() % 3) {
        let at = Int(random.next() % UInt64(stream.count))
        switch random.next() % 4 {
        case 0: stream[at] ^= 1 << (random.next() % 8)
        case 1: stream[at] = UInt8(truncatingIfNeeded: random.next())
        case 2: stream.remove(at: at)
        default: stream.insert(stream[at], at: at)
        }
        if stream.isEmpty { stream = [0] }
      }
      if try T.expectAgreement(stream) != nil { accepted += 1 } else { refused += 1 }
    }
    // Both outcomes must have been tried many times for the comparison to mean anything.
    #expect(accepted > 100 && refused > 100)
  }

  /// A stored block: BFINAL set, type 00, then LEN, NLEN and the bytes.
  @Test func storedBlockLengthsAreChecked() throws {
    #expect(try T.expectAgreement([0x01, 3, 0, 0xFC, 0xFF, 0x61, 0x62, 0x63]) != nil)
    #expect(try T.expectAgreement([0x01, 3, 0, 0xFD, 0xFF, 0x61, 0x62, 0x63]) == nil)
    #expect(try T.expectAgreement([0x01, 4, 0, 0xFB, 0xFF, 0x61, 0x62, 0x63]) == nil)
    #expect(try T.expectAgreement([0x01, 0, 0, 0xFF, 0xFF]) != nil)
    // Bytes after the final block are not part of the stream.
    let layout = try #require(try T.expectAgreement([0x01, 0, 0, 0xFF, 0xFF, 0x07, 0x07]))
    #expect(layout.final_header_bit == 0 && layout.end_bit == 40)
    // A non-final empty stored block with nothing after it.
    #expect(try T.expectAgreement([0x00, 0, 0, 0xFF, 0xFF]) == nil)
    #expect(try T.expectAgreement([]) == nil)
  }

  @Test func blockTypeThreeIsRefused() throws {
    #expect(try T.expectAgreement([0x07, 0, 0, 0]) == nil)
    #expect(try T.expectAgreement([0x06, 0, 0, 0]) == nil)
    // Type 1 (fixed) with an immediate end of block: accepted.
    #expect(try T.expectAgreement([0x03, 0x00]) != nil)
  }

  /// A fixed block: `symbols` (literal/length symbol, extra bits value, distance symbol).
  static func fixedBlock(_ symbols: [(Int, Int, Int?)]) -> [UInt8] {
    var writer = DeflateBitWriter()
    writer.bits(1, 1)
    writer.bits(1, 2)
    for (symbol, extra, distance) in symbols {
      writer.fixedSymbol(symbol)
      if symbol > 256 && symbol < 286 {
        let extraBits = symbol < 265 || symbol == 285 ? 0 : (symbol - 261) / 4
        writer.bits(extra, extraBits)
      }
      if let distance {
        writer.code(distance, 5)
        if distance >= 4 { writer.bits(0, distance / 2 - 1) }
      }
    }
    writer.fixedSymbol(256)
    return writer.bytes
  }

  @Test func symbolsTheFixedCodeLeavesUnusedAreRefused() throws {
    // "a", then length 3 at distance 1: fine.
    #expect(try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (257, 0, 0)])) != nil)
    #expect(try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (285, 0, 0)])) != nil)
    // Distance symbols 30 and 31, length symbols 286 and 287.
    #expect(try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (257, 0, 30)])) == nil)
    #expect(try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (257, 0, 31)])) == nil)
    #expect(try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (286, 0, nil)])) == nil)
    #expect(try T.expectAgreement(Self.fixedBlock([(287, 0, nil)])) == nil)
  }

  @Test func distancesBeforeTheFirstByteAreRefused() throws {
    // Length 4 at distance 2 after one byte; after two bytes; a match with no output at all.
    #expect(try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (258, 0, 1)])) == nil)
    #expect(
      try T.expectAgreement(Self.fixedBlock([(0x61, 0, nil), (0x62, 0, nil), (258, 0, 1)])) != nil)
    #expect(try T.expectAgreement(Self.fixedBlock([(257, 0, 0)])) == nil)
    // The same far from the end of the data: 33 literals (or 32), length 3 at distance 33, then
    // 40 literals.
    for (count, accepted) in [(33, true), (32, false)] {
      var symbols: [(Int, Int, Int?)] = (0..<count).map { (0x41 + $0 % 26, 0, nil) }
      symbols.append((257, 0, 10))
      symbols += (0..<40).map { (0x61 + $0 % 26, 0, nil) }
      #expect((try T.expectAgreement(Self.fixedBlock(symbols)) != nil) == accepted, "\(count)")
    }
    // 32 KiB of stored bytes, then a distance of 32768 (symbol 29 with all extra bits 1) reaches
    // the first byte; one byte fewer and it reaches before it.
    for (stored, accepted) in [(32768, true), (32767, false)] {
      var writer = DeflateBitWriter()
      writer.bits(0, 3)
      writer.bits(0, 5)
      writer.bits(stored, 16)
      writer.bits(stored ^ 0xFFFF, 16)
      writer.bytes += [UInt8](repeating: 0x5A, count: stored)
      writer.bitCount = writer.bytes.count * 8
      writer.bits(1, 1)
      writer.bits(1, 2)
      writer.fixedSymbol(257)
      writer.code(29, 5)
      writer.bits(0x1FFF, 13)
      writer.fixedSymbol(256)
      #expect((try T.expectAgreement(writer.bytes) != nil) == accepted, "stored \(stored)")
    }
  }

  /// A final dynamic block with these code lengths and what data they can code: "a" three times
  /// and a length-3 match at distance 3 (when "a", length 3 and distance 3 have codes), then the
  /// end of block (when it has a code).
  static func dynamicBlock(litlen: [Int], dist: [Int]) -> [UInt8] {
    var writer = DeflateBitWriter()
    writer.dynamicHeader(
      final: true, litlenCount: litlen.count, distCount: dist.count,
      items: DeflateBitWriter.runLengthItems(litlen + dist))
    let litlenCodes = DeflateBitWriter.canonicalCodes(litlen)
    let distCodes = DeflateBitWriter.canonicalCodes(dist)
    if litlen[0x61] > 0 {
      for _ in 0..<3 { writer.code(litlenCodes[0x61], litlen[0x61]) }
      if litlen.count > 257 && litlen[257] > 0 && dist.count > 2 && dist[2] > 0 {
        writer.code(litlenCodes[257], litlen[257])
        writer.code(distCodes[2], dist[2])
      }
    }
    if litlen[256] > 0 { writer.code(litlenCodes[256], litlen[256]) }
    return writer.bytes
  }

  /// Lengths for `count` symbols, zero but for `lengths`.
  static func lengths(_ count: Int, _ lengths: [Int: Int]) -> [Int] {
    (0..<count).map { lengths[$0] ?? 0 }
  }

  @Test func dynamicCodesAreCheckedAsZlibChecksThem() throws {
    let valid = Self.dynamicBlock(
      litlen: Self.lengths(262, [0x61: 1, 256: 2, 257: 2]), dist: Self.lengths(4, [2: 1, 3: 1]))
    let layout = try #require(try T.expectAgreement(valid))
    #expect(try T.inflate(valid).output == Array("aaaaaa".utf8))
    #expect(Int((layout.end_bit + 7) / 8) == valid.count)
    // All 286 literal/length and 30 distance symbols, coded with runs of 16.
    let full = Self.dynamicBlock(
      litlen: (0..<286).map { $0 < 226 ? 8 : 9 }, dist: (0..<30).map { $0 < 2 ? 4 : 5 })
    #expect(try T.expectAgreement(full) != nil)
    // Only an end-of-block code, of one bit, and no distance code: incomplete, but accepted.
    let lone = Self.dynamicBlock(litlen: Self.lengths(257, [256: 1]), dist: [0])
    #expect(try T.expectAgreement(lone) != nil)
    // One distance code of one bit: accepted; one of two bits: incomplete.
    #expect(
      try T.expectAgreement(
        Self.dynamicBlock(
          litlen: Self.lengths(258, [0x61: 1, 256: 2, 257: 2]), dist: Self.lengths(3, [2: 1])))
        != nil)
    #expect(
      try T.expectAgreement(
        Self.dynamicBlock(
          litlen: Self.lengths(258, [0x61: 1, 256: 2, 257: 2]), dist: Self.lengths(3, [2: 2])))
        == nil)
    // Over-subscribed and incomplete literal/length codes; no end-of-block code.
    let refused = [
      Self.lengths(257, [0x61: 1, 0x62: 1, 256: 1]), Self.lengths(257, [0x61: 2, 256: 2]),
      Self.lengths(257, [0x61: 1, 0x62: 1]), Self.lengths(257, [0x61: 1, 256: 3]),
    ]
    for litlen in refused {
      #expect(try T.expectAgreement(Self.dynamicBlock(litlen: litlen, dist: [1, 1])) == nil)
    }
    // Over-subscribed distance code.
    #expect(
      try T.expectAgreement(
        Self.dynamicBlock(litlen: Self.lengths(257, [0x61: 1, 256: 1]), dist: [1, 1, 1])) == nil)
  }

  @Test func codeLengthSequencesAreCheckedAsZlibChecksThem() throws {
    func block(
      litlenCount: Int, distCount: Int, items: [(symbol: Int, extra: Int)],
      clen: [Int] = DeflateBitWriter.codeLengthLengths
    ) -> [UInt8] {
      var writer = DeflateBitWriter()
      writer.dynamicHeader(
        final: true, litlenCount: litlenCount, distCount: distCount, items: items,
        clenLengths: clen)
      writer.code(0, 1)  // end of block: the only code, one bit
      return writer.bytes
    }
    // 256 zeros, a one for end of block, one zero distance length: accepted.
    let zeros: [(symbol: Int, extra: Int)] = [(18, 127), (18, 107), (1, 0), (0, 0)]
    #expect(try T.expectAgreement(block(litlenCount: 257, distCount: 1, items: zeros)) != nil)
    // A zero run crossing from the literal/length lengths into the distance lengths.
    let crossing: [(symbol: Int, extra: Int)] = [(18, 127), (18, 107), (1, 0), (17, 0)]
    #expect(try T.expectAgreement(block(litlenCount: 257, distCount: 3, items: crossing)) != nil)
    // A run longer than the lengths left.
    #expect(try T.expectAgreement(block(litlenCount: 257, distCount: 2, items: crossing)) == nil)
    // A repeat of the previous length with no previous length.
    let repeatFirst: [(symbol: Int, extra: Int)] = [(16, 0)] + zeros
    #expect(try T.expectAgreement(block(litlenCount: 260, distCount: 1, items: repeatFirst)) == nil)
    // More than 286 literal/length or 30 distance lengths (HLIT 30 or 31, HDIST 30 or 31).
    for (litlen, dist) in [(287, 1), (288, 1), (257, 31), (257, 32)] {
      let items =
        [(18, 127), (18, 107), (1, 0)] + Array(repeating: (0, 0), count: litlen + dist - 257)
      #expect(
        try T.expectAgreement(block(litlenCount: litlen, distCount: dist, items: items)) == nil)
    }
    // Over-subscribed and incomplete code-length codes; no code-length code at all.
    var over = DeflateBitWriter.codeLengthLengths
    over[13] = 4
    #expect(
      try T.expectAgreement(block(litlenCount: 257, distCount: 1, items: zeros, clen: over)) == nil)
    var incomplete = DeflateBitWriter.codeLengthLengths
    incomplete[12] = 0
    #expect(
      try T.expectAgreement(block(litlenCount: 257, distCount: 1, items: zeros, clen: incomplete))
        == nil)
    let none = [Int](repeating: 0, count: 19)
    #expect(
      try T.expectAgreement(block(litlenCount: 257, distCount: 1, items: [], clen: none)) == nil)
  }

  @Test func theSwiftWrapperGivesTheSameLayout() throws {
    let stream = try T.libdeflate(ArchiveTesting.mixedData(count: 50_000, seed: 2), level: 6)
    let layout = try #require(T.scan(stream))
    let wrapped = try #require(stream.withUnsafeBytes { DeflateLayout.scan($0) })
    #expect(wrapped.finalHeaderBit == Int(layout.final_header_bit))
    #expect(wrapped.endBit == Int(layout.end_bit))
    #expect(stream.dropLast().withUnsafeBytes { DeflateLayout.scan($0) } == nil)
    #expect(DeflateLayout.scan(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
  }
}
