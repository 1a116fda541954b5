/// A MAPI property type: the low 16 bits of a property tag ([MS-OXCDATA] 2.11.1).
public struct MapiType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The type number, with the multi-value bit 0x1000 when it is a multi-value type.
  public let rawValue: UInt16
  /// Creates a type from its number.
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// PtypInteger16 (2 bytes).
  public static let int16 = MapiType(rawValue: 0x0002)
  /// PtypInteger32 (4 bytes).
  public static let int32 = MapiType(rawValue: 0x0003)
  /// PtypFloating32 (4 bytes).
  public static let float32 = MapiType(rawValue: 0x0004)
  /// PtypFloating64 (8 bytes).
  public static let float64 = MapiType(rawValue: 0x0005)
  /// PtypCurrency (8 bytes).
  public static let currency = MapiType(rawValue: 0x0006)
  /// PtypFloatingTime (8 bytes, an OLE automation date).
  public static let floatingTime = MapiType(rawValue: 0x0007)
  /// PtypErrorCode (4 bytes).
  public static let errorCode = MapiType(rawValue: 0x000A)
  /// PtypBoolean (1 byte in a PST, 2 in a `.msg` entry; any non-zero value is true).
  public static let boolean = MapiType(rawValue: 0x000B)
  /// PtypObject: an embedded message or custom storage, not a value.
  public static let object = MapiType(rawValue: 0x000D)
  /// PtypInteger64 (8 bytes).
  public static let int64 = MapiType(rawValue: 0x0014)
  /// PtypString8: 8-bit text in the item's code page.
  public static let string8 = MapiType(rawValue: 0x001E)
  /// PtypString: UTF-16LE text.
  public static let unicode = MapiType(rawValue: 0x001F)
  /// PtypTime: a FILETIME (100 ns ticks since 1601-01-01 UTC, 8 bytes).
  public static let time = MapiType(rawValue: 0x0040)
  /// PtypGuid (16 bytes).
  public static let guid = MapiType(rawValue: 0x0048)
  /// PtypBinary.
  public static let binary = MapiType(rawValue: 0x0102)

  /// Whether the type holds several values (bit 0x1000).
  public var isMultiple: Bool { rawValue & 0x1000 != 0 }
  /// The type of one value of a multi-value type (the type itself otherwise).
  public var element: MapiType { MapiType(rawValue: rawValue & 0x0FFF) }
  /// The size of one fixed-size value, nil for strings, binaries and objects.
  public var fixedSize: Int? {
    switch element {
    case .int16: 2
    case .int32, .float32, .errorCode: 4
    case .float64, .currency, .floatingTime, .int64, .time: 8
    case .boolean: 2
    case .guid: 16
    default: nil
    }
  }

  /// The type as four hex digits, as in a `.msg` stream name (`001F`).
  public var description: String { MapiHex.digits(rawValue, width: 4) }
}

/// A property set GUID ([MS-OXPROPS] 1.3.2), kept as its 16 bytes in storage order (the first
/// three fields little-endian).
public struct MapiGUID: Hashable, Sendable, CustomStringConvertible {
  /// The 16 bytes as stored in a file.
  public let bytes: [UInt8]

  /// The GUID of 16 stored bytes; nil for any other length.
  public init?(bytes: some Collection<UInt8>) {
    guard bytes.count == 16 else { return nil }
    self.bytes = Array(bytes)
  }

  /// The GUID written the usual way, `00020329-0000-0000-C000-000000000046`; nil when malformed.
  public init?(_ text: String) {
    let hex = text.filter { $0 != "-" }
    guard hex.count == 32 else { return nil }
    var raw: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
      raw.append(byte)
      index = next
    }
    // Data1 (4 bytes), Data2 and Data3 (2 each) are little-endian in storage.
    self.bytes =
      [raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8..<16]
  }

  /// A GUID from its fields, as written (`Data1-Data2-Data3-Data4`).
  init(_ data1: UInt32, _ data2: UInt16, _ data3: UInt16, _ data4: [UInt8]) {
    let first = (0..<4).map { UInt8(truncatingIfNeeded: data1 >> ($0 * 8)) }
    let second = [UInt8(truncatingIfNeeded: data2), UInt8(truncatingIfNeeded: data2 >> 8)]
    let third = [UInt8(truncatingIfNeeded: data3), UInt8(truncatingIfNeeded: data3 >> 8)]
    self.bytes = first + second + third + data4
  }

  /// The usual upper-case text form.
  public var description: String {
    let b = bytes
    let ordered = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8..<16]
    let hex = ordered.map { MapiHex.digits(UInt16($0), width: 2) }
    return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
      + hex[8..<10].joined() + "-" + hex[10..<16].joined()
  }

  /// PS_MAPI: named properties that are really tagged ones.
  public static let psMapi = MapiGUID(
    0x0002_0328, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PS_PUBLIC_STRINGS: `Keywords` (the categories) and other string-named properties.
  public static let psPublicStrings = MapiGUID(
    0x0002_0329, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PS_INTERNET_HEADERS: internet header names.
  public static let psInternetHeaders = MapiGUID(
    0x0002_0386, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PSETID_Common: reminders, flags, companies, … (LIDs 0x85xx).
  public static let common = MapiGUID(
    0x0006_2008, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PSETID_Address: contact properties (LIDs 0x80xx).
  public static let address = MapiGUID(
    0x0006_2004, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PSETID_Appointment: calendar properties (LIDs 0x82xx).
  public static let appointment = MapiGUID(
    0x0006_2002, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PSETID_Meeting: meeting properties (GlobalObjectId is LID 0x0003).
  public static let meeting = MapiGUID(
    0x6ED8_DA90, 0x450B, 0x101B, [0x98, 0xDA, 0x00, 0xAA, 0x00, 0x3F, 0x13, 0x05])
  /// PSETID_Task: task properties (LIDs 0x81xx).
  public static let task = MapiGUID(
    0x0006_2003, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PSETID_Log: journal properties (LIDs 0x87xx).
  public static let log = MapiGUID(
    0x0006_200A, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
  /// PSETID_Note: sticky note properties (LIDs 0x8Bxx).
  public static let note = MapiGUID(
    0x0006_200E, 0x0000, 0x0000, [0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46])
}

/// What names a property: a tag below 0x8000, or a named property (property set plus a numeric
/// LID or a string name), resolved through the file's name-to-id map by its reader. Named
/// properties are never looked up by their per-file id, which differs from file to file.
public enum MapiPropertyName: Hashable, Sendable, CustomStringConvertible {
  /// A tagged property: its id (0x0001–0x7FFF).
  case tag(UInt16)
  /// A named property with a numeric name (LID) in a property set.
  case numbered(MapiGUID, UInt32)
  /// A named property with a string name in a property set.
  case named(MapiGUID, String)

  /// `0x0037`, `{GUID}/0x8530`, `{GUID}/Keywords`.
  public var description: String {
    switch self {
    case .tag(let id): "0x" + MapiHex.digits(id, width: 4)
    case .numbered(let guid, let lid):
      "{\(guid)}/0x" + MapiHex.digits(UInt16(truncatingIfNeeded: lid), width: 4)
    case .named(let guid, let name): "{\(guid)}/\(name)"
    }
  }
}

/// A property's stored value: its raw little-endian bytes, or one byte array per value of a
/// multi-value property. Fixed-size values may carry padding past their natural size (a `.msg`
/// entry's 8-byte field); accessors read only what the type needs.
public enum MapiValue: Sendable, Equatable {
  /// One value's bytes (UTF-16LE for PtypString, the code page's bytes for PtypString8;
  /// a trailing terminator may be present).
  case single([UInt8])
  /// Each value's bytes, in order.
  case multiple([[UInt8]])
}

/// One property of an item: its name, type and stored value.
public struct MapiProperty: Sendable, Equatable {
  /// The property's name (tag or named property).
  public var name: MapiPropertyName
  /// The stored type.
  public var type: MapiType
  /// The stored value.
  public var value: MapiValue

  /// Creates a property.
  public init(name: MapiPropertyName, type: MapiType, value: MapiValue) {
    self.name = name
    self.type = type
    self.value = value
  }
}

/// Hex digits for names and descriptions.
enum MapiHex {
  /// `value` as upper-case hex, zero-padded to `width` digits.
  static func digits(_ value: UInt16, width: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
