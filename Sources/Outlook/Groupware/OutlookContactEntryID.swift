/// A recipient named inside a one-off entry id ([MS-OXCDATA] 2.2.5.1): display name, address
/// type and address, with no directory or store behind it.
struct OutlookContactOneOff: Sendable, Equatable {
  /// The display name.
  var displayName: String
  /// The address type (`SMTP`, `EX`, …).
  var addressType: String
  /// The address, in the form of its type.
  var address: String

  /// MAPI_ONE_OFF_UID, the provider of one-off entry ids.
  static let providerUID: [UInt8] = [
    0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02,
  ]
  /// MAPI_ONE_OFF_UNICODE in the 16-bit flags: the strings are UTF-16LE.
  static let unicodeFlag: UInt16 = 0x8000

  /// The one-off entry id in `bytes` (4 flag bytes, the provider UID, version, flags, then three
  /// NUL-terminated strings, UTF-16LE or in `codePage`); nil for any other entry id or a
  /// truncated one.
  init?(_ bytes: [UInt8], codePage: Int) {
    guard bytes.count >= 24, Array(bytes[4..<20]) == Self.providerUID else { return nil }
    let flags = UInt16(bytes[22]) | UInt16(bytes[23]) << 8
    let unicode = flags & Self.unicodeFlag != 0
    var offset = 24
    var strings: [String] = []
    for _ in 0..<3 {
      guard
        let (text, next) = Self.string(in: bytes, at: offset, unicode: unicode, codePage: codePage)
      else { return nil }
      strings.append(text)
      offset = next
    }
    displayName = strings[0]
    addressType = strings[1]
    address = strings[2]
  }

  /// Creates a one-off recipient from its parts.
  init(displayName: String, addressType: String, address: String) {
    self.displayName = displayName
    self.addressType = addressType
    self.address = address
  }

  /// The NUL-terminated string at `offset` and the offset past its terminator; nil when no
  /// terminator follows.
  static func string(in bytes: [UInt8], at offset: Int, unicode: Bool, codePage: Int)
    -> (String, Int)?
  {
    if unicode {
      var end = offset
      while end + 1 < bytes.count {
        if bytes[end] == 0 && bytes[end + 1] == 0 {
          return (MapiText.utf16(Array(bytes[offset..<end])), end + 2)
        }
        end += 2
      }
      return nil
    }
    guard let end = bytes[offset...].firstIndex(of: 0) else { return nil }
    return (MapiText.decode(Array(bytes[offset..<end]), codePage: codePage), end + 1)
  }
}

/// A member entry id of a distribution list ([MS-OXOCNTC] 2.2.2.2.1): a one-off entry id, or
/// a wrapped entry id pointing at a contact or list in the store, or at a directory entry.
enum OutlookContactMemberID: Sendable, Equatable {
  /// A one-off recipient, directly or wrapped.
  case oneOff(OutlookContactOneOff)
  /// A wrapped entry id of a store contact (type 3), personal list (4), directory user (5) or
  /// directory list (6): resolvable only with the store or the directory.
  case wrapped(type: UInt8)
  /// Anything else.
  case unknown

  /// The provider UID of wrapped entry ids (C091ADD3-519D-CF11-A4A9-00AA0047FAA4).
  static let wrappedProviderUID: [UInt8] = [
    0xC0, 0x91, 0xAD, 0xD3, 0x51, 0x9D, 0xCF, 0x11, 0xA4, 0xA9, 0x00, 0xAA, 0x00, 0x47, 0xFA, 0xA4,
  ]

  /// What the entry id in `bytes` is.
  init(_ bytes: [UInt8], codePage: Int) {
    if let oneOff = OutlookContactOneOff(bytes, codePage: codePage) {
      self = .oneOff(oneOff)
    } else if bytes.count >= 21, Array(bytes[4..<20]) == Self.wrappedProviderUID {
      let type = bytes[20] & 0x0F
      if type == 0, let oneOff = OutlookContactOneOff(Array(bytes[21...]), codePage: codePage) {
        self = .oneOff(oneOff)
      } else {
        self = .wrapped(type: type)
      }
    } else {
      self = .unknown
    }
  }

  /// What the wrapped type points at, for notes.
  var kind: String {
    switch self {
    case .oneOff: "a one-off address"
    case .wrapped(let type):
      switch type {
      case 3: "a contact in the store"
      case 4: "a contact group in the store"
      case 5: "a directory (GAL) user"
      case 6: "a directory (GAL) list"
      default: "an entry of type \(type)"
      }
    case .unknown: "an entry id of an unknown kind"
    }
  }
}
