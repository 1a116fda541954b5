import Foundation

/// Traps with `message` when `condition` is false: libFuzzer keeps the input as a crash.
func check(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}

/// Reads an input as a little stream of choices (sizes, flags) followed by the payload.
struct FuzzInput {
  /// The bytes not yet consumed.
  var rest: ArraySlice<UInt8>

  init(_ bytes: [UInt8]) { rest = bytes[...] }

  /// One byte, or 0 when the input is used up.
  mutating func byte() -> UInt8 { rest.popFirst() ?? 0 }

  /// A number in 1...limit.
  mutating func size(upTo limit: Int) -> Int { 1 + Int(byte()) % max(1, limit) }

  /// The next `count` bytes (fewer at the end).
  mutating func bytes(_ count: Int) -> [UInt8] {
    let taken = rest.prefix(count)
    rest = rest.dropFirst(taken.count)
    return Array(taken)
  }

  /// Bytes up to the next 0x00 (consumed), or all that is left.
  mutating func field() -> [UInt8] {
    let end = rest.firstIndex(of: 0) ?? rest.endIndex
    let taken = Array(rest[rest.startIndex..<end])
    rest = rest[min(end + 1, rest.endIndex)...]
    return taken
  }

  /// A string made of the next field (invalid UTF-8 repaired).
  mutating func string() -> String { String(decoding: field(), as: UTF8.self) }
}

/// Whether `error` is one of the project's located errors (never a bare Foundation error).
func isProjectError(_ error: Error) -> Bool {
  String(reflecting: type(of: error)).hasPrefix("MailModel.")
    || String(reflecting: type(of: error)).hasPrefix("MailStores.")
    || String(reflecting: type(of: error)).hasPrefix("ZimbraBundle.")
    || String(reflecting: type(of: error)).hasPrefix("ContactsCalendars.")
    || String(reflecting: type(of: error)).hasPrefix("Accounts.")
    || String(reflecting: type(of: error)).hasPrefix("TextEncodingDetection.")
}

/// The first line where two texts differ, both versions shown: what a round-trip failure prints.
/// With `ZFUZZ_VERBOSE=1` both texts are printed whole to standard error.
func firstDifference(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> String {
  if ProcessInfo.processInfo.environment["ZFUZZ_VERBOSE"] == "1" {
    FileHandle.standardError.write(
      Data("--- first\n".utf8) + Data(a) + Data("\n--- second\n".utf8) + Data(b))
  }
  let left = Array(a).split(separator: 10, omittingEmptySubsequences: false)
  let right = Array(b).split(separator: 10, omittingEmptySubsequences: false)
  for index in 0..<max(left.count, right.count) {
    let l = index < left.count ? String(decoding: left[index], as: UTF8.self) : "<end>"
    let r = index < right.count ? String(decoding: right[index], as: UTF8.self) : "<end>"
    if l != r { return "line \(index + 1): \(l.debugDescription) became \(r.debugDescription)" }
  }
  return "no line differs"
}
