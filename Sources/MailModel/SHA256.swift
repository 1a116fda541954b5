import CZMigrateSHA
import Foundation

/// A streaming SHA-256 hasher (FIPS 180-4) for `.meta` digests and bundle checksums.
///
/// Blocks go through the x86 SHA instructions (C in `CZMigrateSHA`) where the CPU has them, else
/// through a portable Swift implementation.
///
/// Feed bytes with `update(_:)` in chunks of any size, then call `finalize()` for the 32-byte digest.
/// Whole 64-byte blocks are hashed straight from the caller's memory; only a partial block is copied.
public struct SHA256: Sendable {
  /// The digest length in bytes.
  public static let digestCount = 32

  private var h0: UInt32, h1: UInt32, h2: UInt32, h3: UInt32
  private var h4: UInt32, h5: UInt32, h6: UInt32, h7: UInt32
  /// Unprocessed tail of the input (fewer than 64 bytes), stored inline so the hasher never allocates.
  private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
  private var pendingCount: Int
  private var totalCount: UInt64
  /// Whether this hasher uses the CPU's SHA instructions (when it has them).
  private let useHardware: Bool

  /// A hasher in its initial state.
  public init() {
    h0 = 0x6a09_e667
    h1 = 0xbb67_ae85
    h2 = 0x3c6e_f372
    h3 = 0xa54f_f53a
    h4 = 0x510e_527f
    h5 = 0x9b05_688c
    h6 = 0x1f83_d9ab
    h7 = 0x5be0_cd19
    pending = (0, 0, 0, 0, 0, 0, 0, 0)
    pendingCount = 0
    totalCount = 0
    useHardware = SHA256.hardware
  }

  /// A hasher that never uses the SHA instructions (tests compare both paths).
  public init(portable: Bool) {
    self.init()
    if portable { useHardwareOverride() }
  }

  private mutating func useHardwareOverride() {
    self = SHA256(copying: self, hardware: false)
  }

  private init(copying other: SHA256, hardware: Bool) {
    h0 = other.h0
    h1 = other.h1
    h2 = other.h2
    h3 = other.h3
    h4 = other.h4
    h5 = other.h5
    h6 = other.h6
    h7 = other.h7
    pending = other.pending
    pendingCount = other.pendingCount
    totalCount = other.totalCount
    useHardware = hardware
  }

  /// Whether this machine's SHA instructions are in use.
  public static var usesHardware: Bool { hardware }

  /// Hashes `bytes` in one call.
  public static func hash(_ bytes: [UInt8]) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// Adds `bytes` to the message.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Adds the bytes of `buffer` to the message.
  public mutating func update(_ buffer: UnsafeRawBufferPointer) {
    guard var source = buffer.baseAddress, buffer.count > 0 else { return }
    var remaining = buffer.count
    totalCount &+= UInt64(remaining)

    if pendingCount > 0 {
      let take = min(64 - pendingCount, remaining)
      let offset = pendingCount
      withUnsafeMutableBytes(of: &pending) { tail in
        (tail.baseAddress.unsafelyUnwrapped + offset).copyMemory(from: source, byteCount: take)
      }
      pendingCount += take
      source += take
      remaining -= take
      guard pendingCount == 64 else { return }
      var block = pending
      withUnsafeBytes(of: &block) { compress($0.baseAddress.unsafelyUnwrapped, blocks: 1) }
      pendingCount = 0
    }

    let blocks = remaining >> 6
    if blocks > 0 {
      compress(source, blocks: blocks)
      source += blocks << 6
      remaining -= blocks << 6
    }
    if remaining > 0 {
      withUnsafeMutableBytes(of: &pending) { tail in
        tail.baseAddress.unsafelyUnwrapped.copyMemory(from: source, byteCount: remaining)
      }
      pendingCount = remaining
    }
  }

  /// Pads the message, returns its 32-byte digest, and resets the hasher to its initial state.
  public mutating func finalize() -> [UInt8] {
    let bitCount = totalCount &* 8
    // 0x80, then zeros up to 56 mod 64, then the 64-bit big-endian bit length.
    var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0)
    let padCount = pendingCount < 56 ? 56 - pendingCount : 120 - pendingCount
    withUnsafeMutableBytes(of: &padding) { pad in
      pad[0] = 0x80
      pad.storeBytes(of: bitCount.bigEndian, toByteOffset: padCount, as: UInt64.self)
      let total = totalCount
      update(UnsafeRawBufferPointer(rebasing: pad[0..<(padCount + 8)]))
      totalCount = total
    }
    let words = [h0, h1, h2, h3, h4, h5, h6, h7]
    var digest = [UInt8](repeating: 0, count: SHA256.digestCount)
    digest.withUnsafeMutableBytes { out in
      for (index, word) in words.enumerated() {
        out.storeBytes(of: word.bigEndian, toByteOffset: index * 4, as: UInt32.self)
      }
    }
    self = SHA256(copying: SHA256(), hardware: useHardware)
    return digest
  }

  /// Runs the compression function over `blocks` consecutive 64-byte blocks at `base`.
  private mutating func compress(_ base: UnsafeRawPointer, blocks: Int) {
    if useHardware {
      var state = (h0, h1, h2, h3, h4, h5, h6, h7)
      withUnsafeMutablePointer(to: &state) { tuple in
        zm_sha256_hardware_blocks(
          UnsafeMutableRawPointer(tuple).assumingMemoryBound(to: UInt32.self),
          base.assumingMemoryBound(to: UInt8.self), blocks)
      }
      (h0, h1, h2, h3, h4, h5, h6, h7) = state
      return
    }
    compressPortably(base, blocks: blocks)
  }

  /// Whether the CPU's SHA instructions are used (x86 SHA extensions); `ZMIGRATE_PORTABLE_SHA=1` turns them off.
  static let hardware: Bool =
    zm_sha256_hardware_available() == 1
    && ProcessInfo.processInfo.environment["ZMIGRATE_PORTABLE_SHA"] != "1"

  /// The compression function in Swift, for CPUs without SHA instructions.
  mutating func compressPortably(_ base: UnsafeRawPointer, blocks: Int) {
    var sa = h0
    var sb = h1
    var sc = h2
    var sd = h3
    var se = h4
    var sf = h5
    var sg = h6
    var sh = h7
    SHA256.roundConstants.withUnsafeBufferPointer { constants in
      let k = constants.baseAddress.unsafelyUnwrapped
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
        let w = schedule.baseAddress.unsafelyUnwrapped
        var block = base
        for _ in 0..<blocks {
          for i in 0..<16 {
            w[i] = block.loadUnaligned(fromByteOffset: i << 2, as: UInt32.self).bigEndian
          }
          var a = sa
          var b = sb
          var c = sc
          var d = sd
          var e = se
          var f = sf
          var g = sg
          var h = sh
          // Eight rounds per iteration, with the variables renamed instead of shifted.
          var i = 0
          while i < 16 {
            round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
            round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
            round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
            round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
            round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
            round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
            round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
            round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
            i += 8
          }
          // Later rounds extend the message schedule as they go, which interleaves the two.
          while i < 64 {
            round(a, b, c, &d, e, f, g, &h, k[i] &+ expand(w, i))
            round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ expand(w, i + 1))
            round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ expand(w, i + 2))
            round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ expand(w, i + 3))
            round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ expand(w, i + 4))
            round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ expand(w, i + 5))
            round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ expand(w, i + 6))
            round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ expand(w, i + 7))
            i += 8
          }
          sa &+= a
          sb &+= b
          sc &+= c
          sd &+= d
          se &+= e
          sf &+= f
          sg &+= g
          sh &+= h
          block += 64
        }
      }
    }
    h0 = sa
    h1 = sb
    h2 = sc
    h3 = sd
    h4 = se
    h5 = sf
    h6 = sg
    h7 = sh
  }

  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585,
    0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]
}

/// Computes message-schedule word `i` (16 ≤ i < 64), stores it and returns it.
@inline(__always)
private func expand(_ w: UnsafeMutablePointer<UInt32>, _ i: Int) -> UInt32 {
  let x = w[i - 15]
  let y = w[i - 2]
  let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
  let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
  let word = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
  w[i] = word
  return word
}

/// One SHA-256 round; the caller rotates the roles of the eight working variables.
@inline(__always)
private func round(
  _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
  _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
) {
  let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
  let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
  d &+= t1
  h = t1 &+ t2
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
  (x >> n) | (x << (32 &- n))
}

extension Array where Element == UInt8 {
  /// The bytes as standard base64 (RFC 4648 alphabet, `=` padding, no line breaks).
  public var base64: String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8]()
    out.reserveCapacity((count + 2) / 3 * 4)
    var index = 0
    while index + 3 <= count {
      let value = UInt32(self[index]) << 16 | UInt32(self[index + 1]) << 8 | UInt32(self[index + 2])
      out.append(alphabet[Int(value >> 18)])
      out.append(alphabet[Int(value >> 12 & 63)])
      out.append(alphabet[Int(value >> 6 & 63)])
      out.append(alphabet[Int(value & 63)])
      index += 3
    }
    let rest = count - index
    if rest > 0 {
      let value = UInt32(self[index]) << 16 | (rest == 2 ? UInt32(self[index + 1]) << 8 : 0)
      out.append(alphabet[Int(value >> 18)])
      out.append(alphabet[Int(value >> 12 & 63)])
      out.append(rest == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "="))
      out.append(UInt8(ascii: "="))
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes as lower-case hexadecimal, two digits per byte.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(count * 2)
    for byte in self {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
