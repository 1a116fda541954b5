@testable import Outlook

/// Writes a `MapiMessage` as a `.msg` file ([MS-OXMSG]) through `CompoundFileWriter`: property
/// streams with the right header per object, `__substg1.0_` value streams, recipient and
/// attachment storages, embedded messages and a `__nameid_version1.0` map (without the hash
/// buckets, which readers do not need). Fixed-size values are written padded or cut to the
/// entry's 8 bytes. For tests only.
enum MsgWriter {
  /// A message the writer cannot store.
  struct Failure: Error, CustomStringConvertible {
    /// What is wrong.
    let description: String
  }

  /// The class id Outlook gives a `.msg` file's root storage, {00020D0B-0000-0000-C000-000000000046}.
  static let messageCLSID = MapiGUID("00020D0B-0000-0000-C000-000000000046")?.bytes ?? []

  /// The bytes of a `.msg` file holding `message`.
  static func bytes(_ message: MapiMessage) throws -> [UInt8] {
    try CompoundFileWriter.bytes(root: tree(message), rootCLSID: messageCLSID)
  }

  /// The root storage of a `.msg` file holding `message`.
  static func tree(_ message: MapiMessage) throws -> CompoundEntry {
    let names = NameMap(message)
    var children = try storageChildren(message, header: .topMessage, names: names)
    children.append(names.storage())
    return .storage("Root Entry", children)
  }

  /// The named properties of a file, each with its id (0x8000 + its index).
  struct NameMap {
    /// Every named property of the message and its parts, sorted by description.
    let names: [MapiPropertyName]
    /// The property sets other than PS_MAPI and PS_PUBLIC_STRINGS, in the GUID stream's order.
    let guids: [MapiGUID]

    /// The named properties used anywhere in `message`.
    init(_ message: MapiMessage) {
      var found: Set<MapiPropertyName> = []
      Self.collect(message, into: &found)
      names = found.sorted { $0.description < $1.description }
      var guids: [MapiGUID] = []
      for name in names {
        let guid: MapiGUID
        switch name {
        case .tag: continue
        case .numbered(let set, _), .named(let set, _): guid = set
        }
        if guid != .psMapi && guid != .psPublicStrings && !guids.contains(guid) {
          guids.append(guid)
        }
      }
      self.guids = guids
    }

    /// Adds the named properties of `message`, its recipients and attachments to `found`.
    static func collect(_ message: MapiMessage, into found: inout Set<MapiPropertyName>) {
      let bags = [message.properties] + message.recipients + message.attachments.map(\.properties)
      for bag in bags {
        for name in bag.properties.keys {
          if case .tag = name { continue }
          found.insert(name)
        }
      }
      for attachment in message.attachments {
        if let embedded = attachment.embeddedMessage { collect(embedded, into: &found) }
      }
    }

    /// The property id of `name`: its own for a tag, 0x8000 + its index for a named property.
    func id(of name: MapiPropertyName) -> UInt16 {
      if case .tag(let id) = name { return id }
      return UInt16(0x8000 + (names.firstIndex(of: name) ?? 0))
    }

    /// The `__nameid_version1.0` storage: GUID, entry and string streams.
    func storage() -> CompoundEntry {
      var entries: [UInt8] = []
      var strings: [UInt8] = []
      for (index, name) in names.enumerated() {
        let guid: MapiGUID
        let nameOrOffset: UInt32
        var kind: UInt32 = 0
        switch name {
        case .tag: continue
        case .numbered(let set, let lid):
          guid = set
          nameOrOffset = lid
        case .named(let set, let text):
          guid = set
          nameOrOffset = UInt32(strings.count)
          kind = 1
          let encoded = MsgWriter.utf16(text)
          strings += CompoundFileWriter.littleEndian(UInt32(encoded.count)) + encoded
          strings = CompoundFileWriter.padded(strings, to: 4)
        }
        let guidIndex: UInt32
        switch guid {
        case .psMapi: guidIndex = 1
        case .psPublicStrings: guidIndex = 2
        default: guidIndex = UInt32(3 + (guids.firstIndex(of: guid) ?? 0))
        }
        entries += CompoundFileWriter.littleEndian(nameOrOffset)
        entries += CompoundFileWriter.littleEndian(UInt32(index) << 16 | guidIndex << 1 | kind)
      }
      return .storage(
        MsgNameMap.storageName,
        [
          .stream(MsgNameMap.guidStreamName, guids.flatMap(\.bytes)),
          .stream(MsgNameMap.entryStreamName, entries),
          .stream(MsgNameMap.stringStreamName, strings),
        ])
    }
  }

  /// The streams and storages of a message storage (the root or an embedded message's).
  static func storageChildren(
    _ message: MapiMessage, header: MsgParser.Header, names: NameMap
  ) throws -> [CompoundEntry] {
    let recipients = UInt32(message.recipients.count)
    let attachments = UInt32(message.attachments.count)
    var headerBytes = [UInt8](repeating: 0, count: 8)
    for count in [recipients, attachments, recipients, attachments] {
      headerBytes += CompoundFileWriter.littleEndian(count)
    }
    if header == .topMessage { headerBytes += [UInt8](repeating: 0, count: 8) }
    var children = try bagChildren(message.properties, header: headerBytes, names: names)
    for (index, recipient) in message.recipients.enumerated() {
      children.append(
        .storage(
          MsgParser.recipientPrefix + hex(index),
          try bagChildren(recipient, header: [UInt8](repeating: 0, count: 8), names: names)))
    }
    for (index, attachment) in message.attachments.enumerated() {
      var attachmentChildren = try bagChildren(
        attachment.properties, header: [UInt8](repeating: 0, count: 8), names: names)
      if let embedded = attachment.embeddedMessage {
        attachmentChildren.append(
          .storage(
            MsgParser.embeddedMessageName,
            try storageChildren(embedded, header: .embeddedMessage, names: names)))
      }
      children.append(.storage(MsgParser.attachmentPrefix + hex(index), attachmentChildren))
    }
    return children
  }

  /// The properties stream (after `header`) and value streams of one property bag.
  static func bagChildren(
    _ bag: MapiPropertyBag, header: [UInt8], names: NameMap
  ) throws -> [CompoundEntry] {
    var entries = header
    var streams: [CompoundEntry] = []
    let properties = bag.properties.values.map { (names.id(of: $0.name), $0) }
      .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.type.rawValue < $1.1.type.rawValue }
    for (id, property) in properties {
      let type = property.type
      let streamName =
        "__substg1.0_" + MapiHex.digits(id, width: 4) + MapiHex.digits(type.rawValue, width: 4)
      var value: [UInt8]
      switch property.value {
      case .single(let bytes) where !type.isMultiple:
        if type.fixedSize != nil || type == .object || type.rawValue == 0x0001 {
          value = Array((bytes + [UInt8](repeating: 0, count: 8)).prefix(8))
        } else {
          streams.append(.stream(streamName, bytes))
          let terminator = type == .unicode ? 2 : type == .string8 ? 1 : 0
          value = CompoundFileWriter.littleEndian(UInt32(bytes.count + terminator))
        }
      case .multiple(let values) where type.isMultiple:
        if let size = type.element.fixedSize {
          guard values.allSatisfy({ $0.count == size }) else {
            throw Failure(description: "\(property.name): values are not \(size) bytes each")
          }
          streams.append(.stream(streamName, values.flatMap { $0 }))
          value = CompoundFileWriter.littleEndian(UInt32(values.count * size))
        } else {
          var lengths: [UInt8] = []
          for (index, element) in values.enumerated() {
            lengths += CompoundFileWriter.littleEndian(UInt32(element.count))
            if type.element == .binary { lengths += [0, 0, 0, 0] }
            streams.append(.stream(streamName + "-" + hex(index), element))
          }
          streams.append(.stream(streamName, lengths))
          value = CompoundFileWriter.littleEndian(UInt32(lengths.count))
        }
      default:
        throw Failure(description: "\(property.name): a \(type) value stored the other way")
      }
      value += [UInt8](repeating: 0, count: 8 - value.count)
      entries += CompoundFileWriter.littleEndian(UInt32(type.rawValue) | UInt32(id) << 16)
      entries += CompoundFileWriter.littleEndian(UInt32(6))  // readable, writable
      entries += value
    }
    return [.stream(MsgParser.propertiesStreamName, entries)] + streams
  }

  /// `index` as 8 upper-case hex digits.
  static func hex(_ index: Int) -> String {
    MapiHex.digits(UInt16(index >> 16), width: 4)
      + MapiHex.digits(UInt16(truncatingIfNeeded: index), width: 4)
  }

  /// The UTF-16LE bytes of `text`, without a terminator.
  static func utf16(_ text: String) -> [UInt8] {
    text.utf16.flatMap { CompoundFileWriter.littleEndian($0) }
  }
}
