import MailModel
import Testing

@Suite struct SHA256Tests {
  @Test func abc() {
    #expect(
      SHA256.hash(Array("abc".utf8)).hex
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func empty() {
    #expect(
      SHA256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func twoBlockMessage() {
    let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(
      SHA256.hash(message).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    )
  }

  @Test func oneMillionA() {
    let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex == expected)
    // The same message fed in uneven pieces.
    var hasher = SHA256()
    let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
    var left = 1_000_000
    while left > 0 {
      let take = min(left, piece.count)
      piece.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<take])) }
      left -= take
    }
    #expect(hasher.finalize().hex == expected)
  }

  @Test func lengthsAroundThePaddingBoundary() {
    // Lengths 55, 56, 63, 64, 65 exercise one- and two-block padding.
    let expected: [Int: String] = [
      55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
      56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
      63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
      64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
      65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
    ]
    for (length, digest) in expected {
      #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: length)).hex == digest)
    }
  }

  @Test(arguments: 1...130)
  func splitUpdates(chunkSize: Int) {
    let input = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    let whole = SHA256.hash(input)
    var hasher = SHA256()
    var start = 0
    while start < input.count {
      let end = min(start + chunkSize, input.count)
      hasher.update(Array(input[start..<end]))
      start = end
    }
    #expect(hasher.finalize() == whole)
  }

  @Test func finalizeResets() {
    var hasher = SHA256()
    hasher.update(Array("junk".utf8))
    _ = hasher.finalize()
    hasher.update(Array("abc".utf8))
    #expect(hasher.finalize() == SHA256.hash(Array("abc".utf8)))
  }

  @Test func base64AndHex() {
    #expect([UInt8]().base64 == "")
    #expect(Array("f".utf8).base64 == "Zg==")
    #expect(Array("fo".utf8).base64 == "Zm8=")
    #expect(Array("foo".utf8).base64 == "Zm9v")
    #expect(Array("foobar".utf8).base64 == "Zm9vYmFy")
    #expect([0xff, 0xfe, 0x00].base64 == "//4A")
    #expect([0x00, 0x0f, 0xa0, 0xff].hex == "000fa0ff")
    #expect(SHA256.hash(Array("abc".utf8)).base64 == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
  }
}

@Suite struct SHA256HardwareTests {
  /// The SHA-instruction path and the portable Swift path agree on every length around the
  /// block boundaries and on longer random inputs fed in odd chunks.
  @Test func hardwareAndPortableAgree() {
    var generator = SystemRandomNumberGenerator()
    for length in Array(0...200) + [1_000, 4_096, 65_537, 1_000_003] {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      var portable = SHA256(portable: true)
      var automatic = SHA256()
      var offset = 0
      var step = 1
      while offset < bytes.count {
        let end = min(bytes.count, offset + step)
        portable.update(Array(bytes[offset..<end]))
        automatic.update(Array(bytes[offset..<end]))
        offset = end
        step = step * 3 + 1
      }
      #expect(portable.finalize() == automatic.finalize(), "length \(length)")
    }
  }

  @Test func portablePathMatchesTheStandardVector() {
    var hasher = SHA256(portable: true)
    hasher.update(Array("abc".utf8))
    #expect(
      hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
