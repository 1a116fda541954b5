#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte-string search on `memchr` and `memcmp` (Foundation's generic `firstRange(of:)` takes
/// seconds on a 100 MB message).
public enum ByteSearch {
  /// The offset of the first occurrence of `needle` in `haystack`; nil when absent or when
  /// `needle` is empty.
  public static func firstOffset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
    guard !needle.isEmpty, let base = haystack.baseAddress, haystack.count >= needle.count
    else { return nil }
    let first = Int32(needle[0])
    let lastStart = haystack.count - needle.count
    return needle.withUnsafeBytes { pattern -> Int? in
      guard let patternBase = pattern.baseAddress else { return nil }
      var from = 0
      while from <= lastStart,
        let hit = memchr(base + from, first, lastStart - from + 1)
      {
        let at = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(hit, patternBase, pattern.count) == 0 { return at }
        from = at + 1
      }
      return nil
    }
  }
}

extension ArraySlice<UInt8> {
  /// The offset (from `startIndex`) of the first occurrence of `needle`; see `ByteSearch`.
  public func firstOffset(of needle: [UInt8]) -> Int? {
    withUnsafeBytes { ByteSearch.firstOffset(of: needle, in: $0) }
  }
}
