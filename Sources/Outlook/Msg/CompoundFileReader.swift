import CZMigrateOlecf
import MailModel

/// Reads a whole compound file into a `CompoundEntry` tree through libolecf.
enum CompoundFileReader {
  /// The root storage of the compound file at `path`, every stream read into memory.
  static func read(path: String) throws -> CompoundEntry {
    let location = SourceLocation(file: path)
    let size = try CompoundFileHeader.check(path: path)
    // The streams' bytes together cannot exceed the file's (each sector belongs to one stream):
    // a directory entry claiming more is refused before anything is allocated for it.
    var budget = 2 * size + 65_536
    var error: UnsafeMutablePointer<libolecf_error_t>?
    var file: UnsafeMutablePointer<libolecf_file_t>?
    guard libolecf_file_initialize(&file, &error) == 1 else {
      throw OutlookError(
        "cannot set up libolecf: \(consume(&error))", code: .io, at: location)
    }
    defer { _ = libolecf_file_free(&file, nil) }
    guard libolecf_file_open(file, path, Int32(LIBOLECF_OPEN_READ), &error) == 1 else {
      throw OutlookError(
        "not an OLE2 compound file: \(consume(&error))", code: .badInput, at: location)
    }
    defer { _ = libolecf_file_close(file, nil) }
    var root: UnsafeMutablePointer<libolecf_item_t>?
    guard libolecf_file_get_root_item(file, &root, &error) == 1, root != nil else {
      throw OutlookError(
        "the compound file has no root storage: \(consume(&error))", code: .badInput,
        at: location)
    }
    defer { _ = libolecf_item_free(&root, nil) }
    return try entry(root, location: location, budget: &budget)
  }

  /// The entry for `item`, with its children (storages) or bytes (streams).
  private static func entry(
    _ item: UnsafeMutablePointer<libolecf_item_t>?, location: SourceLocation, budget: inout Int
  ) throws -> CompoundEntry {
    var error: UnsafeMutablePointer<libolecf_error_t>?
    var type: UInt8 = 0
    guard libolecf_item_get_type(item, &type, &error) == 1 else {
      throw OutlookError("cannot read an entry's type: \(consume(&error))", at: location)
    }
    let entryName = try name(item, location: location)
    if type == UInt8(LIBOLECF_ITEM_TYPE_STREAM.rawValue) {
      return .stream(
        entryName, try streamBytes(item, name: entryName, location: location, budget: &budget))
    }
    var count: Int32 = 0
    guard libolecf_item_get_number_of_sub_items(item, &count, &error) == 1 else {
      throw OutlookError(
        "cannot count the entries of \(entryName): \(consume(&error))", at: location)
    }
    var children: [CompoundEntry] = []
    for index in 0..<count {
      var child: UnsafeMutablePointer<libolecf_item_t>?
      guard libolecf_item_get_sub_item(item, index, &child, &error) == 1 else {
        throw OutlookError(
          "cannot open entry \(index) of \(entryName): \(consume(&error))", at: location)
      }
      defer { _ = libolecf_item_free(&child, nil) }
      children.append(try entry(child, location: location, budget: &budget))
    }
    return .storage(entryName, children)
  }

  /// The UTF-8 name of `item`.
  private static func name(
    _ item: UnsafeMutablePointer<libolecf_item_t>?, location: SourceLocation
  ) throws -> String {
    var error: UnsafeMutablePointer<libolecf_error_t>?
    var size = 0
    guard libolecf_item_get_utf8_name_size(item, &size, &error) == 1 else {
      throw OutlookError("cannot read an entry's name: \(consume(&error))", at: location)
    }
    guard size > 0 else { return "" }
    var bytes = [UInt8](repeating: 0, count: size)
    guard libolecf_item_get_utf8_name(item, &bytes, size, &error) == 1 else {
      throw OutlookError("cannot read an entry's name: \(consume(&error))", at: location)
    }
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// Every byte of the stream `item`, taken from `budget` (what the file can still hold).
  private static func streamBytes(
    _ item: UnsafeMutablePointer<libolecf_item_t>?, name: String, location: SourceLocation,
    budget: inout Int
  ) throws -> [UInt8] {
    var error: UnsafeMutablePointer<libolecf_error_t>?
    var size: UInt32 = 0
    guard libolecf_item_get_size(item, &size, &error) == 1 else {
      throw OutlookError("cannot read the size of \(name): \(consume(&error))", at: location)
    }
    guard Int(size) <= budget else {
      throw OutlookError(
        "stream \(name) claims \(size) bytes, more than the file can hold", code: .badInput,
        at: location)
    }
    budget -= Int(size)
    var bytes = [UInt8](repeating: 0, count: Int(size))
    var filled = 0
    while filled < bytes.count {
      let read = bytes.withUnsafeMutableBufferPointer { buffer in
        libolecf_stream_read_buffer(
          item, buffer.baseAddress.map { $0 + filled }, buffer.count - filled, &error)
      }
      guard read > 0 else {
        throw OutlookError(
          "cannot read stream \(name) (\(filled) of \(size) bytes): \(consume(&error))",
          at: location)
      }
      filled += read
    }
    return bytes
  }

  /// The text of a libolecf error, which is then freed; a generic phrase when there is none.
  private static func consume(_ error: inout UnsafeMutablePointer<libolecf_error_t>?) -> String {
    guard error != nil else { return "no detail from libolecf" }
    defer { libolecf_error_free(&error) }
    var text = [CChar](repeating: 0, count: 1024)
    guard libolecf_error_sprint(error, &text, text.count) > 0 else {
      return "no detail from libolecf"
    }
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
