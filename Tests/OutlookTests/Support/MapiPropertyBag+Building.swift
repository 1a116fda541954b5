@testable import Outlook

/// Setters that build property values the way a `.msg` file stores them (fixed-size values in
/// 8 bytes, strings without a terminator), for writing test messages.
extension MapiPropertyBag {
  /// Sets a PtypString property.
  mutating func setUnicode(_ name: MapiPropertyName, _ text: String) {
    set(name, .unicode, .single(MsgWriter.utf16(text)))
  }

  /// Sets a PtypString8 property from its bytes in the message's code page.
  mutating func setString8(_ name: MapiPropertyName, _ bytes: [UInt8]) {
    set(name, .string8, .single(bytes))
  }

  /// Sets a PtypBinary property.
  mutating func setBinary(_ name: MapiPropertyName, _ bytes: [UInt8]) {
    set(name, .binary, .single(bytes))
  }

  /// Sets a PtypInteger32 property.
  mutating func setInt32(_ name: MapiPropertyName, _ value: Int32) {
    set(name, .int32, .single(Self.entryBytes(UInt64(UInt32(bitPattern: value)))))
  }

  /// Sets a PtypBoolean property.
  mutating func setBool(_ name: MapiPropertyName, _ value: Bool) {
    set(name, .boolean, .single(Self.entryBytes(value ? 1 : 0)))
  }

  /// Sets a PtypTime property from Unix seconds.
  mutating func setTime(_ name: MapiPropertyName, unixSeconds: Int64) {
    let ticks = UInt64(unixSeconds + MapiTime.epochDifference) * 10_000_000
    set(name, .time, .single(Self.entryBytes(ticks)))
  }

  /// `value` as the 8 little-endian bytes of a property entry.
  static func entryBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
  }
}
