import CZMigrateZlib

extension ArchiveTesting {
  /// Inflates the first gzip member of `bytes` with zlib (which stops at the member's end, as
  /// Java's `GZIPInputStream` may): its output, and how many input bytes it took. Nil when the
  /// member is damaged or does not end within `bytes`.
  /// (Raw DEFLATE streams: `DeflateTesting.inflate`.)
  static func inflateFirstGzipMember(_ bytes: [UInt8]) -> (output: [UInt8], consumed: Int)? {
    var stream = z_stream()
    guard inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { return nil }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = bytes
    return input.withUnsafeMutableBufferPointer { source in
      stream.next_in = source.baseAddress
      stream.avail_in = uInt(source.count)
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
          stream.next_out = out.baseAddress
          stream.avail_out = uInt(out.count)
          return inflate(&stream, Z_NO_FLUSH)
        }
        output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
        if status == Z_STREAM_END { return (output, Int(stream.total_in)) }
        if status != Z_OK { return nil }
      }
    }
  }
}
