import CZMigratePff

/// A libpff call that failed, with libpff's own error text.
struct PffFailure: Error, CustomStringConvertible {
  /// libpff's error text (or ours, for what libpff does not check).
  var description: String

  /// A failure described by `description`.
  init(_ description: String) { self.description = description }
}

/// The pointer libpff fills with an error.
typealias PffErrorOut = UnsafeMutablePointer<UnsafeMutablePointer<libpff_error_t>?>

/// Calls into libpff: errors turned into text and freed.
enum Pff {
  /// Runs `body` with an error out-parameter; returns its result (1 found, 0 not available) and
  /// throws libpff's error text when it returns -1.
  @discardableResult
  static func call(_ what: String, _ body: (PffErrorOut) -> Int32) throws(PffFailure) -> Int32 {
    var error: UnsafeMutablePointer<libpff_error_t>?
    let result = body(&error)
    let text = error.map { describe($0) }
    if error != nil { libpff_error_free(&error) }
    if result < 0 { throw PffFailure("\(what): \(text ?? "libpff error")") }
    return result
  }

  /// The text of a libpff error (the error is not freed).
  static func describe(_ error: UnsafeMutablePointer<libpff_error_t>) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let printed = libpff_error_sprint(error, &buffer, buffer.count)
    guard printed > 0 else { return "libpff error" }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
      .split(whereSeparator: \.isNewline).joined(separator: "; ")
  }

  /// An item returned through `body`'s out-parameter, nil when libpff says none is available.
  static func item(
    _ what: String,
    _ body: (UnsafeMutablePointer<UnsafeMutablePointer<libpff_item_t>?>, PffErrorOut) -> Int32
  ) throws(PffFailure) -> PffItem? {
    var pointer: UnsafeMutablePointer<libpff_item_t>?
    let found = try call(what) { body(&pointer, $0) }
    guard let pointer else { return nil }
    let item = PffItem(pointer)
    return found == 1 ? item : nil
  }

  /// A 32-bit count read by `body`.
  static func count(
    _ what: String, _ body: (UnsafeMutablePointer<Int32>, PffErrorOut) -> Int32
  ) throws(PffFailure) -> Int {
    var value: Int32 = 0
    try call(what) { body(&value, $0) }
    return Int(value)
  }
}

/// An owned libpff item (folder, message, recipients, attachment), freed when released.
final class PffItem {
  /// The libpff handle.
  let pointer: UnsafeMutablePointer<libpff_item_t>

  /// Takes ownership of `pointer`.
  init(_ pointer: UnsafeMutablePointer<libpff_item_t>) { self.pointer = pointer }

  deinit {
    var handle: UnsafeMutablePointer<libpff_item_t>? = pointer
    _ = libpff_item_free(&handle, nil)
  }

  /// The item's identifier (its node id).
  func identifier() throws(PffFailure) -> UInt32 {
    var value: UInt32 = 0
    try Pff.call("libpff_item_get_identifier") { libpff_item_get_identifier(pointer, &value, $0) }
    return value
  }

  /// The number of record sets (1 for most items; one per row for a recipient table).
  func recordSetCount() throws(PffFailure) -> Int {
    try Pff.count("libpff_item_get_number_of_record_sets") {
      libpff_item_get_number_of_record_sets(pointer, $0, $1)
    }
  }

  /// Every entry of record set `index` as a property bag whose 8-bit strings default to
  /// `codePage`; named entries libpff cannot resolve are counted in `unresolved` and left out.
  func properties(
    set index: Int, codePage: Int, unresolved: inout Int
  ) throws(PffFailure) -> MapiPropertyBag {
    var bag = MapiPropertyBag(fallbackCodePage: codePage)
    var recordSet: UnsafeMutablePointer<libpff_record_set_t>?
    try Pff.call("libpff_item_get_record_set_by_index \(index)") {
      libpff_item_get_record_set_by_index(pointer, Int32(index), &recordSet, $0)
    }
    guard let recordSet else { return bag }
    defer {
      var handle: UnsafeMutablePointer<libpff_record_set_t>? = recordSet
      _ = libpff_record_set_free(&handle, nil)
    }
    let count = try Pff.count("libpff_record_set_get_number_of_entries") {
      libpff_record_set_get_number_of_entries(recordSet, $0, $1)
    }
    for entryIndex in 0..<count {
      var entry: UnsafeMutablePointer<libpff_record_entry_t>?
      try Pff.call("libpff_record_set_get_entry_by_index \(entryIndex)") {
        libpff_record_set_get_entry_by_index(recordSet, Int32(entryIndex), &entry, $0)
      }
      guard let entry else { continue }
      defer {
        var handle: UnsafeMutablePointer<libpff_record_entry_t>? = entry
        _ = libpff_record_entry_free(&handle, nil)
      }
      if let property = try PffEntry.property(of: entry) {
        bag.set(property)
      } else {
        unresolved += 1
      }
    }
    return bag
  }
}

/// Reads one record entry into a `MapiProperty`.
enum PffEntry {
  /// The entry as a property; nil for a named entry (id ≥ 0x8000) without a name-to-id map entry.
  static func property(
    of entry: UnsafeMutablePointer<libpff_record_entry_t>
  ) throws(PffFailure) -> MapiProperty? {
    var entryType: UInt32 = 0
    var valueType: UInt32 = 0
    try Pff.call("libpff_record_entry_get_entry_type") {
      libpff_record_entry_get_entry_type(entry, &entryType, $0)
    }
    try Pff.call("libpff_record_entry_get_value_type") {
      libpff_record_entry_get_value_type(entry, &valueType, $0)
    }
    guard let name = try name(of: entry, id: UInt16(truncatingIfNeeded: entryType)) else {
      return nil
    }
    let type = MapiType(rawValue: UInt16(truncatingIfNeeded: valueType))
    var data = try self.data(of: entry)
    if name == .subject { data = withoutPrefixMarker(data, type: type) }
    let value = type.isMultiple ? split(data, type: type) : .single(data)
    return MapiProperty(name: name, type: type, value: value)
  }

  /// A PST subject without its leading marker: 0x01 then one character whose value is the
  /// length of the prefix (`RE: `) plus one. The PST stores PR_SUBJECT so; MAPI (and a `.msg`)
  /// shows it without the two characters, as pffexport does.
  static func withoutPrefixMarker(_ data: [UInt8], type: MapiType) -> [UInt8] {
    switch type {
    case .unicode where data.count >= 4 && data[0] == 1 && data[1] == 0:
      return Array(data.dropFirst(4))
    case .string8 where data.count >= 2 && data[0] == 1:
      return Array(data.dropFirst(2))
    default:
      return data
    }
  }

  /// The entry's raw value bytes.
  static func data(
    of entry: UnsafeMutablePointer<libpff_record_entry_t>
  ) throws(PffFailure) -> [UInt8] {
    var size = 0
    try Pff.call("libpff_record_entry_get_data_size") {
      libpff_record_entry_get_data_size(entry, &size, $0)
    }
    guard size > 0 else { return [] }
    var data = [UInt8](repeating: 0, count: size)
    try Pff.call("libpff_record_entry_get_data") {
      libpff_record_entry_get_data(entry, &data, size, $0)
    }
    return data
  }

  /// The entry's name: its tag below 0x8000, else its resolved named property (nil if none).
  static func name(
    of entry: UnsafeMutablePointer<libpff_record_entry_t>, id: UInt16
  ) throws(PffFailure) -> MapiPropertyName? {
    guard id >= 0x8000 else { return .tag(id) }
    // The map entry belongs to the file's name-to-id map: it is not freed here.
    var mapEntry: UnsafeMutablePointer<libpff_name_to_id_map_entry_t>?
    let found = try Pff.call("libpff_record_entry_get_name_to_id_map_entry") {
      libpff_record_entry_get_name_to_id_map_entry(entry, &mapEntry, $0)
    }
    guard found == 1, let mapEntry else { return nil }
    var kind: UInt8 = 0
    try Pff.call("libpff_name_to_id_map_entry_get_type") {
      libpff_name_to_id_map_entry_get_type(mapEntry, &kind, $0)
    }
    var guidBytes = [UInt8](repeating: 0, count: 16)
    try Pff.call("libpff_name_to_id_map_entry_get_guid") {
      libpff_name_to_id_map_entry_get_guid(mapEntry, &guidBytes, 16, $0)
    }
    guard let guid = MapiGUID(bytes: guidBytes) else { return nil }
    if kind == UInt8(ascii: "n") {
      var number: UInt32 = 0
      try Pff.call("libpff_name_to_id_map_entry_get_number") {
        libpff_name_to_id_map_entry_get_number(mapEntry, &number, $0)
      }
      return .numbered(guid, number)
    }
    var size = 0
    try Pff.call("libpff_name_to_id_map_entry_get_utf8_string_size") {
      libpff_name_to_id_map_entry_get_utf8_string_size(mapEntry, &size, $0)
    }
    guard size > 0 else { return .named(guid, "") }
    var text = [UInt8](repeating: 0, count: size)
    try Pff.call("libpff_name_to_id_map_entry_get_utf8_string") {
      libpff_name_to_id_map_entry_get_utf8_string(mapEntry, &text, size, $0)
    }
    return .named(guid, String(decoding: text.prefix { $0 != 0 }, as: UTF8.self))
  }

  /// A multi-value entry's data split into its values: fixed-size values back to back, or for
  /// strings and binaries a 32-bit count, that many 32-bit offsets from the start, then the
  /// values. Data that does not fit its layout is kept whole as `.single`.
  static func split(_ data: [UInt8], type: MapiType) -> MapiValue {
    if let size = type.element == .boolean ? 1 : type.element.fixedSize {
      guard data.count % size == 0 else { return .single(data) }
      return .multiple(
        stride(from: 0, to: data.count, by: size).map { Array(data[$0..<$0 + size]) })
    }
    guard data.count >= 4 else { return data.isEmpty ? .multiple([]) : .single(data) }
    let count = Int(MapiPropertyBag.le(data, 4))
    guard count <= (data.count - 4) / 4 else { return .single(data) }
    let offsets = (0..<count).map {
      Int(MapiPropertyBag.le(Array(data[4 + 4 * $0..<8 + 4 * $0]), 4))
    }
    var values: [[UInt8]] = []
    for (index, start) in offsets.enumerated() {
      let end = index + 1 < count ? offsets[index + 1] : data.count
      guard start >= 4 + 4 * count, start <= end, end <= data.count else { return .single(data) }
      values.append(Array(data[start..<end]))
    }
    return .multiple(values)
  }
}
