import Foundation

/// The properties of one MAPI object (a message, recipient, attachment, folder or store), with
/// typed accessors that decode the stored bytes.
public struct MapiPropertyBag: Sendable {
  /// Every property, by name.
  public private(set) var properties: [MapiPropertyName: MapiProperty] = [:]
  /// The code page for 8-bit strings when the bag names none of its own (PR_MESSAGE_CODEPAGE,
  /// PR_INTERNET_CPID): the containing message's, or the file's.
  public var fallbackCodePage: Int

  /// An empty bag whose 8-bit strings default to `fallbackCodePage` (1252 unless told).
  public init(fallbackCodePage: Int = 1252) {
    self.fallbackCodePage = fallbackCodePage
  }

  /// The property called `name`, if present.
  public subscript(name: MapiPropertyName) -> MapiProperty? { properties[name] }

  /// Adds or replaces a property.
  public mutating func set(_ property: MapiProperty) {
    properties[property.name] = property
  }

  /// Adds or replaces a property from its parts.
  public mutating func set(_ name: MapiPropertyName, _ type: MapiType, _ value: MapiValue) {
    set(MapiProperty(name: name, type: type, value: value))
  }

  /// The code page 8-bit strings of this bag are in: PR_MESSAGE_CODEPAGE, then
  /// PR_INTERNET_CPID, then the fallback.
  public var codePage: Int {
    if let page = integer(.messageCodePage), page > 0 { return Int(page) }
    if let page = integer(.internetCodePage), page > 0 { return Int(page) }
    return fallbackCodePage
  }

  /// An integer property (PtypInteger16/32/64, PtypBoolean, PtypErrorCode) as a signed value.
  public func integer(_ name: MapiPropertyName) -> Int64? {
    guard let property = properties[name], case .single(let bytes) = property.value else {
      return nil
    }
    switch property.type {
    case .int16: return bytes.count >= 2 ? Int64(Int16(bitPattern: UInt16(Self.le(bytes, 2)))) : nil
    case .int32, .errorCode:
      return bytes.count >= 4 ? Int64(Int32(bitPattern: UInt32(Self.le(bytes, 4)))) : nil
    case .int64: return bytes.count >= 8 ? Int64(bitPattern: Self.le(bytes, 8)) : nil
    case .boolean: return bytes.isEmpty ? nil : (bytes.contains { $0 != 0 } ? 1 : 0)
    default: return nil
    }
  }

  /// A boolean property (or any integer one, true when non-zero).
  public func bool(_ name: MapiPropertyName) -> Bool? {
    integer(name).map { $0 != 0 }
  }

  /// A PtypTime property as seconds since the Unix epoch; nil when absent, zero or out of range.
  public func time(_ name: MapiPropertyName) -> Int64? {
    guard let property = properties[name], property.type == .time,
      case .single(let bytes) = property.value, bytes.count >= 8
    else { return nil }
    return MapiTime.unixSeconds(fromFileTime: Self.le(bytes, 8))
  }

  /// A binary (or GUID) property's bytes.
  public func binary(_ name: MapiPropertyName) -> [UInt8]? {
    guard let property = properties[name], case .single(let bytes) = property.value else {
      return nil
    }
    switch property.type {
    case .binary, .guid, .string8: return bytes
    default: return nil
    }
  }

  /// A string property decoded: PtypString from UTF-16LE, PtypString8 from this bag's code page;
  /// a trailing terminator is dropped. Nil when absent or not a string.
  public func string(_ name: MapiPropertyName) -> String? {
    guard let property = properties[name], case .single(let bytes) = property.value else {
      return nil
    }
    return decodeString(bytes, type: property.type)
  }

  /// Every value of a multi-value string property (or the one value of a single string).
  public func strings(_ name: MapiPropertyName) -> [String] {
    guard let property = properties[name] else { return [] }
    switch property.value {
    case .single(let bytes):
      return decodeString(bytes, type: property.type).map { [$0] } ?? []
    case .multiple(let values):
      return values.compactMap { decodeString($0, type: property.type.element) }
    }
  }

  /// `bytes` decoded as a string of `type`, nil when `type` is not a string type.
  func decodeString(_ bytes: [UInt8], type: MapiType) -> String? {
    switch type.element {
    case .unicode: return MapiText.utf16(bytes)
    case .string8: return MapiText.decode(MapiText.trimmingNUL(bytes), codePage: codePage)
    default: return nil
    }
  }

  /// The little-endian unsigned value of the first `count` bytes.
  static func le(_ bytes: [UInt8], _ count: Int) -> UInt64 {
    var value: UInt64 = 0
    for index in stride(from: count - 1, through: 0, by: -1) {
      value = value << 8 | UInt64(bytes[index])
    }
    return value
  }
}

/// FILETIME conversion.
public enum MapiTime {
  /// Seconds between 1601-01-01 and 1970-01-01.
  static let epochDifference: Int64 = 11_644_473_600

  /// A FILETIME (100 ns ticks since 1601) as Unix seconds; nil for 0 and for Outlook's "none"
  /// values (0x0CA8A4ED6D4D8000 = 4501-01-01 and anything past year 9999).
  public static func unixSeconds(fromFileTime ticks: UInt64) -> Int64? {
    guard ticks != 0, ticks < 0x0CA8_A4ED_6D4D_8000 else { return nil }
    return Int64(ticks / 10_000_000) - epochDifference
  }
}
