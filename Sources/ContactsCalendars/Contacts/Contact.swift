import Foundation
import MailModel

/// One contact as Zimbra stores it: an ordered list of Zimbra attribute names (`firstName`, `email2`,
/// `workStreet`, …) with their values, plus tags.
public struct Contact: Sendable, Equatable {
  /// Field names in the order they were first set.
  public private(set) var fieldNames: [String] = []
  private var values: [String: String] = [:]
  /// Tag names (from vCard `CATEGORIES`, CSV `__tag`, …), without duplicates, in order.
  public private(set) var tags: [String] = []
  /// Where the contact starts in its source file, when it came from one.
  public var location: SourceLocation?
  /// The contact's picture, when its vCard carried one inline.
  public var photo: ContactPhoto?

  /// An empty contact (no fields, no tags), optionally tied to where it starts in its file.
  public init(location: SourceLocation? = nil) {
    self.location = location
  }

  /// A contact with these fields (later duplicates replace earlier values) and tags.
  public init(_ fields: [(String, String)], tags: [String] = [], location: SourceLocation? = nil) {
    self.location = location
    for (name, value) in fields { self[name] = value }
    for tag in tags { addTag(tag) }
  }

  /// The value of a field; setting `nil` or an empty string removes it.
  public subscript(name: String) -> String? {
    get { values[name] }
    set {
      if let newValue, !newValue.isEmpty {
        if values.updateValue(newValue, forKey: name) == nil { fieldNames.append(name) }
      } else if values.removeValue(forKey: name) != nil {
        fieldNames.removeAll { $0 == name }
      }
    }
  }

  /// The fields in order.
  public var fields: [(name: String, value: String)] {
    fieldNames.compactMap { name in values[name].map { (name: name, value: $0) } }
  }

  /// The fields as a dictionary.
  public var fieldDictionary: [String: String] { values }

  /// True when the contact has neither fields nor tags.
  public var isEmpty: Bool { values.isEmpty && tags.isEmpty }

  /// Stores an IM handle as Zimbra does: under the first free `imAddress1`, `imAddress2`, …, as
  /// `service://handle` when a value without a scheme is given a `service` (else as it is), unless
  /// the contact already has that address.
  public mutating func addIMAddress(_ value: String, service: String? = nil) {
    let trimmed = value.contactsTrimmed()
    guard !trimmed.isEmpty else { return }
    var address = trimmed
    if let service, !trimmed.contains("://") { address = service + "://" + trimmed }
    guard !values.contains(where: { $0.key.hasPrefix("imAddress") && $0.value == address }),
      let free = (1...).lazy.map({ "imAddress\($0)" }).first(where: { values[$0] == nil })
    else { return }
    self[free] = address
  }

  /// Stores `value` under the first free name of `base`, `base2`, `base3`, … and returns that name
  /// (`email`, `email2`, `email3`, `email4`, …; `workPhone`, `workPhone2`, …).
  @discardableResult
  public mutating func addNumbered(_ base: String, value: String) -> String? {
    guard !value.isEmpty else { return nil }
    var name = base
    var n = 1
    while values[name] != nil {
      n += 1
      name = "\(base)\(n)"
    }
    self[name] = value
    return name
  }

  /// Adds a tag unless it is empty or already present.
  public mutating func addTag(_ tag: String) {
    let trimmed = tag.contactsTrimmed()
    guard !trimmed.isEmpty, !tags.contains(trimmed) else { return }
    tags.append(trimmed)
  }
}

/// An inline contact picture: the image type (`JPEG`, `PNG`, `GIF`, …) and its bytes in base64, as a
/// vCard `PHOTO;ENCODING=b;TYPE=…` carries it and Zimbra's vCard import stores it.
public struct ContactPhoto: Sendable, Equatable {
  /// The image type, upper-case: `JPEG`, `PNG`, `GIF`, `BMP`, `WEBP` or `TIFF`.
  public var type: String
  /// The image bytes in base64, without line breaks.
  public var base64: String

  /// Creates a photo from a type and base64 data, taken as given (not checked).
  public init(type: String, base64: String) {
    self.type = type
    self.base64 = base64
  }

  /// The photo of a base64 value, typed from the image's first bytes (its magic number); nil when
  /// the value is not base64 or not an image of a known type. `declaredType` (a vCard `TYPE`) is
  /// not trusted: exporters get it wrong or leave it out.
  public init?(base64 value: String, declaredType: String? = nil) {
    let compact = value.filter { !$0.isWhitespace }
    guard let bytes = Data(base64Encoded: compact), let type = Self.sniff(bytes) else {
      return nil
    }
    self.init(type: type, base64: compact)
  }

  /// The image type of `bytes` by their magic number: JPEG (`FF D8 FF`), PNG, GIF (`GIF87a`,
  /// `GIF89a`), BMP (`BM` and a size that fits), WebP (`RIFF` … `WEBP`), TIFF (`II*\0`, `MM\0*`);
  /// nil for anything else.
  public static func sniff(_ bytes: Data) -> String? {
    let head = [UInt8](bytes.prefix(16))
    func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
      head.count >= offset + magic.count && Array(head[offset..<(offset + magic.count)]) == magic
    }
    if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "PNG" }
    if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "GIF" }
    if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "WEBP" }
    if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
    if starts(Array("BM".utf8)), head.count >= 14 {
      // The file size field (little-endian, bytes 2–5) must not exceed the data; it is 0 or the
      // real size in the bitmaps Windows and Outlook write.
      let size = (2..<6).reduce(0) { $0 | Int(head[$1]) << (8 * ($1 - 2)) }
      if size <= bytes.count { return "BMP" }
    }
    return nil
  }
}

/// What reading a contacts file produced.
public struct ContactReadResult: Sendable {
  /// The contacts read, in file order (empty cards and rows left out).
  public var contacts: [Contact] = []
  /// Problems found; reading never stops for one bad card or line.
  public var diagnostics: [Diagnostic] = []
  /// Source properties or columns that had no Zimbra field, counted by name (upper-case for vCard).
  public var unmappedProperties: [String: Int] = [:]

  /// An empty result, filled in by the readers.
  public init() {}
}

extension String {
  func contactsTrimmed() -> String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s.removeFirst() }
    while let c = s.last, c.isWhitespace { s.removeLast() }
    return String(s)
  }
}
