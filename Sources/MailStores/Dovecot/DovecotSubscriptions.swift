import MailModel

/// The subscribed folders of a store, from Dovecot's `subscriptions` (`.subscriptions` for mbox)
/// or Courier's `courierimapsubscribed` (SOURCE-FORMATS.md §2, "Subscriptions").
///
/// * Dovecot version 1: one folder name per line, levels joined by the hierarchy separator
///   (`.` for Maildir++, `/` for LAYOUT=fs and mbox; either is accepted).
/// * Dovecot version 2: the file starts `V<TAB>2<LF><LF>`; then one folder per line, its levels
///   separated by TAB, each level tab-escaped (`\001` + `1`, `t`, `r`, `n`, `0` stand for
///   0x01, TAB, CR, LF, NUL).
/// * Courier: like version 1, every name prefixed `INBOX.`.
///
/// Names are compared after modified UTF-7 decoding (as folder names are), with or without an
/// `INBOX.`/`INBOX/` namespace prefix, and a trailing separator is ignored (Dovecot strips it
/// too). INBOX itself always counts as subscribed.
public struct DovecotSubscriptions: Sendable {
  /// Which file format the names came from.
  public enum Format: String, Sendable {
    /// Dovecot's version 1: one name per line, levels joined by the separator.
    case dovecotV1 = "dovecot-v1"
    /// Dovecot's version 2: `V<TAB>2` header, TAB-separated, tab-escaped levels.
    case dovecotV2 = "dovecot-v2"
    /// Courier's `courierimapsubscribed`: `INBOX.`-prefixed names.
    case courier
  }

  /// Why a subscriptions file cannot be used.
  public struct FormatError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the file.
    public var message: String

    /// The message.
    public var description: String { message }
  }

  /// One subscribed name.
  enum Entry: Hashable, Sendable {
    /// A version 1 / Courier line, levels still joined by an unknown separator.
    case joined(String)
    /// A version 2 line split into its levels.
    case levels([String])
  }

  /// The format of the (first) file read.
  public var format: Format
  /// Problems with single lines (bad escapes); the other lines are still used.
  public var problems: [String] = []
  private(set) var entries: Set<Entry> = []

  /// Parses a subscriptions file; `courier` marks a `courierimapsubscribed` file.
  ///
  /// Throws `FormatError` for a version header other than 2.
  public init(parsing bytes: [UInt8], courier: Bool = false) throws {
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
      line in
      line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }
    if let first = lines.first, first.first == UInt8(ascii: "V"),
      first.dropFirst().first == UInt8(ascii: "\t")
    {
      let version = String(decoding: first.dropFirst(2), as: UTF8.self)
      guard version == "2" else {
        throw FormatError(message: "unsupported subscriptions file version \"\(version)\"")
      }
      format = .dovecotV2
      lines.removeFirst()
      for (offset, line) in lines.enumerated() where !line.isEmpty {
        var levels: [String] = []
        for level in line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false) {
          let (raw, ok) = Self.tabUnescape(level)
          if !ok {
            problems.append(
              "line \(offset + 2): bad \\001 escape in \"\(DovecotUidList.shown(line))\"")
          }
          levels.append(Self.decodeName(raw))
        }
        while levels.count > 1, levels.last?.isEmpty == true { levels.removeLast() }
        if levels.contains(where: \.isEmpty) { continue }
        entries.insert(.levels(levels))
      }
    } else {
      format = courier ? .courier : .dovecotV1
      for line in lines where !line.isEmpty {
        var name = Self.decodeName(Array(line))
        if name.count > 1, name.hasSuffix(".") || name.hasSuffix("/") { name.removeLast() }
        entries.insert(.joined(name))
      }
    }
  }

  /// The number of subscribed names.
  public var count: Int { entries.count }

  /// Adds the names of `other` (a store may have both Dovecot's and Courier's file).
  public mutating func formUnion(_ other: DovecotSubscriptions) {
    entries.formUnion(other.entries)
    problems += other.problems
  }

  /// Whether `folder` is subscribed (INBOX always is).
  public func contains(_ folder: FolderPath) -> Bool {
    if folder.isInbox { return true }
    let components = folder.components
    if entries.contains(.levels(components)) || entries.contains(.levels(["INBOX"] + components)) {
      return true
    }
    for separator in [".", "/"] {
      let joined = components.joined(separator: separator)
      if entries.contains(.joined(joined))
        || entries.contains(.joined("INBOX" + separator + joined))
      {
        return true
      }
    }
    return false
  }

  /// Undoes Dovecot's tab-escaping of one level; the flag is false when an escape was unknown
  /// (its character is then kept as it is).
  static func tabUnescape(_ level: ArraySlice<UInt8>) -> ([UInt8], Bool) {
    guard level.contains(1) else { return (Array(level), true) }
    var out: [UInt8] = []
    out.reserveCapacity(level.count)
    var ok = true
    var i = level.startIndex
    while i < level.endIndex {
      let byte = level[i]
      i += 1
      guard byte == 1 else {
        out.append(byte)
        continue
      }
      guard i < level.endIndex else {
        ok = false
        break
      }
      switch level[i] {
      case UInt8(ascii: "1"): out.append(1)
      case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
      case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
      case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
      case UInt8(ascii: "0"): out.append(0)
      default:
        ok = false
        out.append(level[i])
      }
      i += 1
    }
    return (out, ok)
  }

  /// A stored name as folder names are decoded: modified UTF-7 when it is that, else the text.
  static func decodeName<C: Collection>(_ raw: C) -> String where C.Element == UInt8 {
    let text = MailText.decode(raw)
    if text.contains("&"), let decoded = ModifiedUTF7.decode(text) { return decoded }
    return text
  }
}

extension DovecotSubscriptions {
  /// The `not-subscribed` report for a folder `--subscribed-only` leaves out, with its message count.
  static func notSubscribed(
    _ folder: FolderPath, messageCount count: Int, at location: SourceLocation
  )
    -> Diagnostic
  {
    Diagnostic(
      .ignored, code: "not-subscribed",
      "folder \(folder) is not subscribed: its \(count) message\(count == 1 ? "" : "s") "
        + "not read (--subscribed-only)", at: location)
  }
}

/// Where a Dovecot store keeps its subscriptions, for `subscriptions(diagnostics:)` and `--subscribed-only`.
struct DovecotSubscriptionFiles: Sendable {
  /// The file names in the order they are tried; `courier` marks Courier's `courierimapsubscribed`.
  var names: [(name: String, courier: Bool)]
  /// How the `no-subscriptions` warning names them (`.subscriptions file`).
  var shownName: String

  /// Reads the first existing file of `names` in `directory` (and unions the Courier file when
  /// both exist); nil when there is none or none is usable (warnings say why).
  func load(in directory: RawPath, diagnostics: DiagnosticHandler) -> DovecotSubscriptions? {
    var result: DovecotSubscriptions?
    for (name, courier) in names {
      let path = directory.appending(name)
      let location = SourceLocation(file: path.display)
      switch RawFileSystem.readWholeFile(path) {
      case .failed(let error) where error.isMissing:
        continue
      case .notRegular:
        continue
      case .failed(let error):
        diagnostics(
          Diagnostic(
            .warning, code: "bad-subscriptions", "cannot read \(name): \(error.text)", at: location)
        )
      case .empty:
        let empty = try? DovecotSubscriptions(parsing: [], courier: courier)
        if result == nil { result = empty }
      case .bytes(let bytes, _):
        do {
          let parsed = try DovecotSubscriptions(parsing: bytes, courier: courier)
          for problem in parsed.problems {
            diagnostics(Diagnostic(.warning, code: "bad-subscriptions", problem, at: location))
          }
          if result == nil { result = parsed } else { result?.formUnion(parsed) }
        } catch {
          diagnostics(
            Diagnostic(
              .warning, code: "bad-subscriptions", "\(name) not usable: \(error)", at: location))
        }
      }
    }
    return result
  }

  /// The subscriptions `--subscribed-only` filters by: nil when `options` do not ask for it, and
  /// nil with a `no-subscriptions` warning (every folder is then read) when `root` has none usable.
  func forSubscribedOnly(root: String, options: ReadOptions, diagnostics: DiagnosticHandler)
    -> DovecotSubscriptions?
  {
    guard options.subscribedOnly else { return nil }
    let subscribed = load(in: RawPath(root), diagnostics: diagnostics)
    if subscribed == nil {
      diagnostics(
        Diagnostic(
          .warning, code: "no-subscriptions",
          "--subscribed-only, but there is no usable \(shownName): every folder is read",
          at: SourceLocation(file: root)))
    }
    return subscribed
  }
}
