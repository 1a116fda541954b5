/// The "natural" order of file names: runs of ASCII digits compare as numbers, so `2` comes
/// before `10` and `2.eml` before `10.eml`; everything else compares byte by byte.
///
/// Names that are equal under this order (`01` and `1`) fall back to plain byte order, so the
/// order is total and the same on every machine.
enum EmlNaturalOrder {
  /// Whether `a` sorts before `b`.
  static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    switch compare(a, b) {
    case .less: return true
    case .greater: return false
    case .equal: return a.lexicographicallyPrecedes(b)
    }
  }

  enum Order { case less, equal, greater }

  /// Compares two names, digit runs by value.
  static func compare(_ a: [UInt8], _ b: [UInt8]) -> Order {
    var i = 0
    var j = 0
    while i < a.count && j < b.count {
      if isDigit(a[i]) && isDigit(b[j]) {
        var iEnd = i
        while iEnd < a.count && isDigit(a[iEnd]) { iEnd += 1 }
        var jEnd = j
        while jEnd < b.count && isDigit(b[jEnd]) { jEnd += 1 }
        // Drop leading zeros, then the longer run is the larger number.
        var iStart = i
        while iStart < iEnd - 1 && a[iStart] == UInt8(ascii: "0") { iStart += 1 }
        var jStart = j
        while jStart < jEnd - 1 && b[jStart] == UInt8(ascii: "0") { jStart += 1 }
        let iLength = iEnd - iStart
        let jLength = jEnd - jStart
        if iLength != jLength { return iLength < jLength ? .less : .greater }
        for k in 0..<iLength where a[iStart + k] != b[jStart + k] {
          return a[iStart + k] < b[jStart + k] ? .less : .greater
        }
        i = iEnd
        j = jEnd
        continue
      }
      if a[i] != b[j] { return a[i] < b[j] ? .less : .greater }
      i += 1
      j += 1
    }
    if i < a.count { return .greater }
    if j < b.count { return .less }
    return .equal
  }

  /// Whether a path's components (from the root down) sort before another's, component by
  /// component in natural order (a parent before its children).
  static func precedes(components a: [[UInt8]], _ b: [[UInt8]]) -> Bool {
    for (x, y) in zip(a, b) where x != y { return precedes(x, y) }
    return a.count < b.count
  }

  /// Whether `name` numbers a message file as MH and readpst `-M` do: digits only, or digits
  /// and one trailing dot (the CMU Enron corpus: `1.`, `2.`).
  static func isNumberedName(_ name: [UInt8]) -> Bool {
    let digits = name.last == UInt8(ascii: ".") ? name.dropLast() : name[...]
    return !digits.isEmpty && digits.allSatisfy(isDigit)
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
