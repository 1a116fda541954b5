/// Turns the storages of a `.msg` file ([MS-OXMSG]) into a `MapiMessage`: property streams,
/// `__substg1.0_` value streams, recipient and attachment storages, embedded messages.
/// Damaged parts are skipped and described in `problems`; the message is kept.
struct MsgParser {
  /// The stream holding an object's property entries.
  static let propertiesStreamName = "__properties_version1.0"
  /// The prefix of a recipient storage's name (then `#` and 8 hex digits).
  static let recipientPrefix = "__recip_version1.0_#"
  /// The prefix of an attachment storage's name (then `#` and 8 hex digits).
  static let attachmentPrefix = "__attach_version1.0_#"
  /// The storage of an attachment's embedded message (PR_ATTACH_DATA_OBJ).
  static let embeddedMessageName = "__substg1.0_3701000D"
  /// How deep embedded messages may nest before the reader stops following them.
  static let maximumDepth = 16

  /// The size of the properties stream's header for each kind of object ([MS-OXMSG] 2.4.1).
  enum Header: Int {
    /// The top-level message: reserved, next ids, counts, reserved.
    case topMessage = 32
    /// An embedded message: as the top one without the last reserved 8 bytes.
    case embeddedMessage = 24
    /// A recipient or attachment: 8 reserved bytes.
    case child = 8
  }

  /// The file's named-property map (shared by embedded messages).
  let nameMap: MsgNameMap
  /// What was skipped and why, one line each, with the storage path.
  var problems: [String] = []
  /// How many named properties were dropped because the map does not list their id.
  var unresolvedNamedProperties = 0

  /// A parser resolving named properties through `nameMap`.
  init(nameMap: MsgNameMap) {
    self.nameMap = nameMap
  }

  /// The message stored in `storage` (the root or an embedded message's storage); `path` names
  /// the storage in problems.
  mutating func message(
    in storage: CompoundEntry, header: Header, fallbackCodePage: Int, path: String, depth: Int
  ) -> MapiMessage {
    let properties = bag(
      in: storage, header: header, fallbackCodePage: fallbackCodePage, path: path)
    let childCodePage = properties.codePage
    var recipients: [MapiPropertyBag] = []
    for child in Self.children(of: storage, prefix: Self.recipientPrefix) {
      recipients.append(
        bag(
          in: child, header: .child, fallbackCodePage: childCodePage,
          path: path + "/" + child.name))
    }
    var attachments: [MapiAttachment] = []
    for child in Self.children(of: storage, prefix: Self.attachmentPrefix) {
      let childPath = path + "/" + child.name
      let attachmentBag = bag(
        in: child, header: .child, fallbackCodePage: childCodePage, path: childPath)
      var embedded: MapiMessage?
      if let inner = child.storage(named: Self.embeddedMessageName) {
        if depth + 1 > Self.maximumDepth {
          problems.append(
            "\(childPath): embedded messages nest deeper than \(Self.maximumDepth); not read")
        } else {
          embedded = message(
            in: inner, header: .embeddedMessage, fallbackCodePage: childCodePage,
            path: childPath + "/" + inner.name, depth: depth + 1)
        }
      }
      attachments.append(MapiAttachment(properties: attachmentBag, embeddedMessage: embedded))
    }
    return MapiMessage(properties: properties, recipients: recipients, attachments: attachments)
  }

  /// The storages of `storage` whose names are `prefix` plus a hex index, in index order.
  static func children(of storage: CompoundEntry, prefix: String) -> [CompoundEntry] {
    storage.children
      .filter { $0.isStorage && $0.name.hasPrefix(prefix) }
      .map { (UInt32($0.name.dropFirst(prefix.count), radix: 16) ?? UInt32.max, $0) }
      .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.name < $1.1.name }
      .map { $0.1 }
  }

  /// The property bag of the object stored in `storage`.
  mutating func bag(
    in storage: CompoundEntry, header: Header, fallbackCodePage: Int, path: String
  ) -> MapiPropertyBag {
    var result = MapiPropertyBag(fallbackCodePage: fallbackCodePage)
    guard let stream = storage.stream(named: Self.propertiesStreamName) else {
      problems.append("\(path): no \(Self.propertiesStreamName) stream; no properties")
      return result
    }
    guard stream.count >= header.rawValue else {
      problems.append(
        "\(path): \(Self.propertiesStreamName) is \(stream.count) bytes, shorter than its "
          + "\(header.rawValue)-byte header; no properties")
      return result
    }
    let entryBytes = stream.count - header.rawValue
    if entryBytes % 16 != 0 {
      problems.append(
        "\(path): \(Self.propertiesStreamName) has \(entryBytes % 16) bytes after its last "
          + "whole entry; ignored")
    }
    for start in stride(from: header.rawValue, through: stream.count - 16, by: 16) {
      let tag = MsgBytes.uint32(stream, at: start)
      let type = MapiType(rawValue: UInt16(truncatingIfNeeded: tag))
      let id = UInt16(truncatingIfNeeded: tag >> 16)
      let name: MapiPropertyName
      if id >= 0x8000 {
        guard let resolved = nameMap.name(of: id) else {
          unresolvedNamedProperties += 1
          problems.append(
            "\(path): named property 0x\(MapiHex.digits(id, width: 4)) is not in the "
              + "name map; dropped")
          continue
        }
        name = resolved
      } else {
        name = .tag(id)
      }
      let entryValue = Array(stream[start + 8..<start + 16])
      let streamName =
        "__substg1.0_" + MapiHex.digits(id, width: 4) + MapiHex.digits(type.rawValue, width: 4)
      if let value = value(
        type: type, entryValue: entryValue, streamName: streamName, in: storage, path: path)
      {
        result.set(name, type, value)
      }
    }
    return result
  }

  /// The value of a property of `type` whose entry holds `entryValue` and whose variable-size
  /// data, if any, is in `streamName`; nil (with a problem) when the data is missing or damaged.
  mutating func value(
    type: MapiType, entryValue: [UInt8], streamName: String, in storage: CompoundEntry,
    path: String
  ) -> MapiValue? {
    if !type.isMultiple {
      if type.fixedSize != nil || type == .object || type.rawValue == 0x0001 {
        return .single(entryValue)
      }
      guard let bytes = storage.stream(named: streamName) else {
        problems.append("\(path): \(streamName) is missing; property skipped")
        return nil
      }
      return .single(bytes)
    }
    guard let bytes = storage.stream(named: streamName) else {
      problems.append("\(path): \(streamName) is missing; property skipped")
      return nil
    }
    if let size = type.element.fixedSize {
      guard bytes.count % size == 0 else {
        problems.append(
          "\(path): \(streamName) is \(bytes.count) bytes, not a multiple of \(size); "
            + "property skipped")
        return nil
      }
      return .multiple(
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<$0 + size]) })
    }
    // Variable-size values: a length stream (4 bytes per string, 8 per binary), then one
    // stream per value.
    let lengthSize = type.element == .binary ? 8 : 4
    guard bytes.count % lengthSize == 0 else {
      problems.append(
        "\(path): \(streamName) is \(bytes.count) bytes, not a multiple of \(lengthSize); "
          + "property skipped")
      return nil
    }
    var values: [[UInt8]] = []
    for index in 0..<bytes.count / lengthSize {
      let valueName =
        streamName + "-" + MapiHex.digits(UInt16(index >> 16), width: 4)
        + MapiHex.digits(UInt16(truncatingIfNeeded: index), width: 4)
      guard let value = storage.stream(named: valueName) else {
        problems.append("\(path): \(valueName) is missing; property skipped")
        return nil
      }
      values.append(value)
    }
    return .multiple(values)
  }
}
