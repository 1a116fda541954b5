/// A `.msg` file's named-property map (`__nameid_version1.0`, [MS-OXMSG] 2.2.3): which name each
/// property id from 0x8000 up stands for.
struct MsgNameMap: Sendable {
  /// The storage holding the map.
  static let storageName = "__nameid_version1.0"
  /// The GUID stream: 16 bytes per GUID, GUID index 3 upwards.
  static let guidStreamName = "__substg1.0_00020102"
  /// The entry stream: 8 bytes per named property.
  static let entryStreamName = "__substg1.0_00030102"
  /// The string stream: a 4-byte byte length, then the UTF-16LE name, padded to 4 bytes.
  static let stringStreamName = "__substg1.0_00040102"

  /// The name of each property id 0x8000 + index.
  private(set) var names: [UInt16: MapiPropertyName] = [:]

  /// An empty map (no named properties resolve).
  init() {}

  /// The map stored in the `__nameid_version1.0` storage of `root`, problems appended to
  /// `problems`; empty when the storage is absent.
  init(root: CompoundEntry, problems: inout [String]) {
    guard let storage = root.storage(named: Self.storageName) else { return }
    let guids = storage.stream(named: Self.guidStreamName) ?? []
    let entries = storage.stream(named: Self.entryStreamName) ?? []
    let strings = storage.stream(named: Self.stringStreamName) ?? []
    if guids.count % 16 != 0 {
      problems.append("named-property GUID stream is \(guids.count) bytes, not a multiple of 16")
    }
    if entries.count % 8 != 0 {
      problems.append("named-property entry stream is \(entries.count) bytes, not a multiple of 8")
    }
    for start in stride(from: 0, to: entries.count - entries.count % 8, by: 8) {
      let nameOrOffset = MsgBytes.uint32(entries, at: start)
      let packed = MsgBytes.uint32(entries, at: start + 4)
      let isString = packed & 1 == 1
      let guidIndex = Int(packed >> 1 & 0x7FFF)
      let propertyIndex = packed >> 16
      guard propertyIndex <= 0x7FFF else {
        problems.append("named-property entry \(start / 8) has property index \(propertyIndex)")
        continue
      }
      let guid: MapiGUID
      switch guidIndex {
      case 1: guid = .psMapi
      case 2: guid = .psPublicStrings
      case 3...:
        let offset = (guidIndex - 3) * 16
        guard offset + 16 <= guids.count, let stored = MapiGUID(bytes: guids[offset..<offset + 16])
        else {
          problems.append("named-property entry \(start / 8) names missing GUID \(guidIndex)")
          continue
        }
        guid = stored
      default:
        problems.append("named-property entry \(start / 8) has GUID index 0")
        continue
      }
      let id = UInt16(0x8000 + propertyIndex)
      if isString {
        let offset = Int(nameOrOffset)
        guard offset + 4 <= strings.count else {
          problems.append("named-property entry \(start / 8) points past the string stream")
          continue
        }
        let length = Int(MsgBytes.uint32(strings, at: offset))
        guard length <= strings.count - offset - 4 else {
          problems.append("named-property entry \(start / 8) has a name past the string stream")
          continue
        }
        names[id] = .named(guid, MapiText.utf16(Array(strings[offset + 4..<offset + 4 + length])))
      } else {
        names[id] = .numbered(guid, nameOrOffset)
      }
    }
  }

  /// The name of property `id` (0x8000 or more), nil when the map does not list it.
  func name(of id: UInt16) -> MapiPropertyName? { names[id] }
}

/// Little-endian reads from byte arrays whose bounds the caller has checked.
enum MsgBytes {
  /// The little-endian 32-bit value at `offset`.
  static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
  }
}
