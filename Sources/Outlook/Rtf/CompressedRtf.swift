import MailModel

/// PR_RTF_COMPRESSED ([MS-OXRTFCP]): the LZFu-compressed ("LZFu") or uncompressed ("MELA") RTF
/// stream.
public enum CompressedRtf {
  /// The size of the stream's header: compressed size, raw size, magic, CRC (four 32-bit words).
  static let headerSize = 16
  /// The magic number of a compressed stream, "LZFu" in little-endian byte order.
  static let compressedMagic: UInt32 = 0x7546_5A4C
  /// The magic number of an uncompressed stream, "MELA" in little-endian byte order.
  static let uncompressedMagic: UInt32 = 0x414C_454D
  /// The size of the sliding dictionary; references address it with 12 bits.
  static let dictionarySize = 4096

  /// The text [MS-OXRTFCP] pre-loads into the dictionary before decompressing (207 bytes).
  static let initialDictionary: [UInt8] = Array(
    (#"{\rtf1\ansi\mac\deff0\deftab720{\fonttbl;}{\f0\fnil \froman \fswiss \fmodern \fscript "#
      + #"\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\colortbl\red0\green0\blue0"#
      + "\r\n" + #"\par \pard\plain\f0\fs20\b\i\u\tab\tx"#).utf8)

  /// The RTF bytes. Throws an OutlookError (location: SourceLocation(file: "", offset: N) or a
  /// location passed in) for a bad header, a CRC mismatch on compressed data, or a reference past
  /// the output; never crashes, never reads out of bounds.
  public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
    try decompress(bytes, at: nil)
  }

  /// The RTF bytes, with errors located at `location` (the property's file and item) and the
  /// byte offset inside the stream told in the message; with a nil location, errors carry
  /// `SourceLocation(file: "", offset: N)`.
  public static func decompress(_ bytes: [UInt8], at location: SourceLocation?) throws -> [UInt8] {
    /// The error for a problem found at `offset` in the stream.
    func failure(_ message: String, offset: Int) -> OutlookError {
      if let location {
        return OutlookError(
          "compressed RTF: \(message) (stream byte \(offset))", code: .badInput, at: location)
      }
      return OutlookError(
        "compressed RTF: \(message)", code: .badInput,
        at: SourceLocation(file: "", offset: Int64(offset)))
    }
    guard bytes.count >= headerSize else {
      throw failure("\(bytes.count) bytes, shorter than the 16-byte header", offset: 0)
    }
    let compressedSize = Int(littleEndianWord(bytes, at: 0))
    let rawSize = Int(littleEndianWord(bytes, at: 4))
    let magic = littleEndianWord(bytes, at: 8)
    let storedCRC = littleEndianWord(bytes, at: 12)
    switch magic {
    case uncompressedMagic:
      guard rawSize <= bytes.count - headerSize else {
        throw failure(
          "uncompressed stream declares \(rawSize) bytes but holds \(bytes.count - headerSize)",
          offset: headerSize)
      }
      return Array(bytes[headerSize..<(headerSize + rawSize)])
    case compressedMagic:
      // COMPSIZE counts the contents plus the 12 header bytes after itself.
      guard compressedSize >= 12, compressedSize - 12 <= bytes.count - headerSize else {
        throw failure(
          "compressed size \(compressedSize) does not fit the \(bytes.count)-byte stream",
          offset: 0)
      }
      let contentEnd = headerSize + compressedSize - 12
      let computedCRC = crc32(bytes[headerSize..<contentEnd])
      guard computedCRC == storedCRC else {
        throw failure(
          "CRC mismatch (stored \(hex(storedCRC)), computed \(hex(computedCRC)))", offset: 12)
      }
      return try expand(bytes, contentEnd: contentEnd, rawSize: rawSize, failure: failure)
    default:
      throw failure("unknown magic \(hex(magic)) (neither LZFu nor MELA)", offset: 8)
    }
  }

  /// The [MS-OXRTFCP] CRC of `bytes`: the reflected CRC-32 polynomial (0xEDB88320) with an initial
  /// value of 0 and no final inversion.
  static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0
    crcTable.withUnsafeBufferPointer { table in
      bytes.withUnsafeBufferPointer { input in
        for byte in input {
          crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
      }
    }
    return crc
  }

  /// The byte-at-a-time table of the reflected CRC-32 polynomial.
  static let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 {
      value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
    }
    return value
  }

  /// Runs the LZ77 decoder over the contents (from byte 16 up to `contentEnd`): each control byte
  /// gives eight flags, least significant first; a clear flag is a literal byte, a set flag a
  /// big-endian 16-bit reference (12-bit dictionary offset, 4-bit length minus 2). A reference to
  /// the dictionary's write position ends the stream.
  private static func expand(
    _ bytes: [UInt8], contentEnd: Int, rawSize: Int,
    failure: (String, Int) -> OutlookError
  ) throws -> [UInt8] {
    let contentLength = contentEnd - headerSize
    // At most 8 references of 17 bytes each per control byte: the output cannot outgrow this,
    // whatever RAWSIZE claims.
    let bound = (contentLength / 17 + 1) * 8 * 17
    let capacity = min(rawSize, bound)
    var output = [UInt8](repeating: 0, count: capacity)
    var dictionary = [UInt8](repeating: 0, count: dictionarySize)
    for (index, byte) in initialDictionary.enumerated() { dictionary[index] = byte }
    var written = 0
    var problem: (message: String, offset: Int)?
    bytes.withUnsafeBufferPointer { input in
      dictionary.withUnsafeMutableBufferPointer { window in
        output.withUnsafeMutableBufferPointer { out in
          var position = headerSize
          var writePosition = initialDictionary.count
          // The dictionary holds only the initial text and what was written until it wraps.
          var filled = initialDictionary.count
          decoding: while position < contentEnd {
            let control = input[position]
            position += 1
            for bit in 0..<8 {
              if position >= contentEnd { break decoding }
              if control & (1 << bit) == 0 {
                guard written < capacity else {
                  problem = ("output exceeds the declared \(rawSize) bytes", position)
                  break decoding
                }
                let byte = input[position]
                position += 1
                out[written] = byte
                written += 1
                window[writePosition] = byte
                writePosition = (writePosition + 1) & (dictionarySize - 1)
                if filled < dictionarySize { filled += 1 }
                continue
              }
              guard position + 1 < contentEnd else {
                problem = ("reference cut off by the end of the stream", position)
                break decoding
              }
              let word = Int(input[position]) << 8 | Int(input[position + 1])
              let referencePosition = position
              position += 2
              let offset = word >> 4
              let length = (word & 0xF) + 2
              if offset == writePosition { break decoding }
              guard filled == dictionarySize || offset < filled else {
                problem = (
                  "reference to dictionary byte \(offset), not yet written", referencePosition
                )
                break decoding
              }
              guard written + length <= capacity else {
                problem = ("output exceeds the declared \(rawSize) bytes", referencePosition)
                break decoding
              }
              for step in 0..<length {
                let byte = window[(offset + step) & (dictionarySize - 1)]
                out[written] = byte
                written += 1
                window[writePosition] = byte
                writePosition = (writePosition + 1) & (dictionarySize - 1)
              }
              filled = min(dictionarySize, filled + length)
            }
          }
        }
      }
    }
    if let problem { throw failure(problem.message, problem.offset) }
    output.removeLast(output.count - written)
    return output
  }

  /// The little-endian 32-bit word at `offset` (the caller checks the bounds).
  private static func littleEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
  }

  /// `0x` and eight hexadecimal digits.
  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}
