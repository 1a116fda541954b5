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

/// An inline contact picture: the image type (`JPEG`, `PNG`, `GIF`) and its bytes in base64, as a vCard
/// `PHOTO;ENCODING=b;TYPE=…` carries it and Zimbra's vCard import stores it.
public struct ContactPhoto: Sendable, Equatable {
  /// The image type, upper-case: `JPEG`, `PNG`, `GIF`, `BMP` or `TIFF`.
  public var type: String
  /// The image bytes in base64, without line breaks.
  public var base64: String

  /// Creates a photo from a type and base64 data, taken as given (not checked).
  public init(type: String, base64: String) {
    self.type = type
    self.base64 = base64
  }

  /// The photo of a base64 value, typed from `declaredType` (`jpeg`, `image/png`) or else from the
  /// image's first bytes; nil when the value is not base64 or not an image.
  public init?(base64 value: String, declaredType: String?) {
    let compact = value.filter { !$0.isWhitespace }
    guard let bytes = Data(base64Encoded: compact), !bytes.isEmpty else { return nil }
    var type = (declaredType ?? "").uppercased()
    if type.hasPrefix("IMAGE/") { type.removeFirst(6) }
    if type == "JPG" { type = "JPEG" }
    if !["JPEG", "PNG", "GIF", "BMP", "TIFF"].contains(type) {
      if bytes.starts(with: [0xFF, 0xD8]) {
        type = "JPEG"
      } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
        type = "PNG"
      } else if bytes.starts(with: Array("GIF8".utf8)) {
        type = "GIF"
      } else {
        return nil
      }
    }
    self.init(type: type, base64: compact)
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
