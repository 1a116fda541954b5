import SystemPackage

/// Random passwords for accounts whose export had none (`--generate-passwords`).
///
/// Characters: letters and digits without the look-alikes `0 O 1 l I`, and `- _ . + =`, which
/// need no quoting in CSV, XML, a zmprov line or a shell word. Every password has at least one
/// lower-case letter, one upper-case letter, one digit and one symbol, so it passes Zimbra's
/// complexity settings. The random source is the kernel's (`BufferedSecureRandom`).
enum PasswordGenerator {
  static let lower = Array("abcdefghijkmnopqrstuvwxyz".utf8)
  static let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
  static let digits = Array("23456789".utf8)
  static let symbols = Array("-_.+=".utf8)
  static let alphabet = lower + upper + digits + symbols

  /// The shortest password generated, whatever length is asked for.
  static let minimumLength = 8

  /// A password of `length` characters (at least `minimumLength`). Six random bits pick a
  /// character and values past the alphabet (62 characters) are drawn again, so every character
  /// is equally likely and one 64-bit draw serves about ten characters.
  static func generate<R: RandomNumberGenerator>(length: Int, using rng: inout R) -> String {
    let n = max(length, minimumLength)
    var word: UInt64 = 0
    var bitsLeft = 0
    func nextIndex() -> Int {
      while true {
        if bitsLeft < 6 {
          word = rng.next()
          bitsLeft = 64
        }
        let value = Int(word & 63)
        word >>= 6
        bitsLeft -= 6
        if value < alphabet.count { return value }
      }
    }
    var bytes = [UInt8](repeating: 0, count: n)
    while true {
      var classes: UInt8 = 0
      for k in 0..<n {
        let b = alphabet[nextIndex()]
        bytes[k] = b
        switch b {
        case 0x61...0x7A: classes |= 1
        case 0x41...0x5A: classes |= 2
        case 0x30...0x39: classes |= 4
        default: classes |= 8
        }
      }
      if classes == 15 { return String(decoding: bytes, as: UTF8.self) }
    }
  }
}

/// A cryptographically secure generator that takes the kernel's random bytes 4 KiB at a time from
/// `/dev/urandom` (one system call per ~250 passwords instead of one per 64 bits, as
/// `SystemRandomNumberGenerator` does), and falls back to `SystemRandomNumberGenerator` when the
/// device cannot be read.
struct BufferedSecureRandom: RandomNumberGenerator {
  private var words = [UInt64](repeating: 0, count: 512)
  private var index = 512

  mutating func next() -> UInt64 {
    if index == words.count { refill() }
    defer { index += 1 }
    return words[index]
  }

  private mutating func refill() {
    index = 0
    let filled: Bool = words.withUnsafeMutableBytes { buffer in
      guard let fd = try? FileDescriptor.open("/dev/urandom", .readOnly) else { return false }
      defer { try? fd.close() }
      var done = 0
      while done < buffer.count {
        let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[done...])
        guard let n = try? fd.read(into: rest, retryOnInterrupt: true), n > 0
        else { return false }
        done += n
      }
      return true
    }
    if !filled {
      var system = SystemRandomNumberGenerator()
      for k in words.indices { words[k] = system.next() }
    }
  }
}
