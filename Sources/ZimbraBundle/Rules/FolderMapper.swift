import MailModel

/// How source folder names become Zimbra folder paths (the `convert` folder options).
public struct FolderMapOptions: Sendable, Hashable {
  /// Map well-known special folders (`Sent Items`, `Deleted Items`, `Spam`, ...) onto Zimbra's
  /// system folders `Sent`, `Drafts`, `Trash`, `Junk`; `--no-automap` turns it off.
  public var automap: Bool
  /// The source hierarchy separator inside one name, like imapsync's `--sep1`: with `.`, a flat
  /// name `Archive.2023` becomes `Archive/2023`.
  public var separator: Character?
  /// A source prefix removed from the front of folder names, like imapsync's `--prefix1`
  /// (`INBOX.` turns `INBOX.Projects` into a top-level `Projects`).
  public var prefix: String?
  /// Put everything under this Zimbra folder, like pop2imap's `--folder`: INBOX's messages go
  /// into the folder itself, every other folder below it.
  public var into: [String]?
  /// Explicit overrides, source path `A/B` → Zimbra path `C/D`, applied before every other rule.
  /// Subfolders of a mapped source follow it (`A/B/x` → `C/D/x`).
  public var folderMap: [String: String]

  /// Options with the documented defaults.
  public init(
    automap: Bool = true, separator: Character? = nil, prefix: String? = nil, into: [String]? = nil,
    folderMap: [String: String] = [:]
  ) {
    self.automap = automap
    self.separator = separator
    self.prefix = prefix
    self.into = into
    self.folderMap = folderMap
  }
}

/// Where one source folder goes in Zimbra, and what had to change on the way.
public struct MappedFolder: Sendable, Hashable {
  /// The Zimbra folder path from the mailbox root (`["Inbox", "Projects"]`); never empty, every
  /// component a valid Zimbra item name.
  public var zimbraPath: [String]
  /// Human-readable notes for the report (`':' replaced by '_' in 'a:b'`); empty when the name
  /// needed nothing beyond the standard INBOX/special-folder mapping.
  public var changes: [String]

  /// A mapped folder.
  public init(zimbraPath: [String], changes: [String]) {
    self.zimbraPath = zimbraPath
    self.changes = changes
  }
}

/// Maps source folders to Zimbra folder paths (DESIGN.md "pipeline"; ZIMBRA-IMPORT.md §1.4, §8).
///
/// Rules, in order:
/// 1. `folderMap` overrides (longest matching source prefix; children follow).
/// 2. `separator` splits flat names into levels; `prefix` is removed from the front.
/// 3. Top-level INBOX (any case) → `Inbox` (or the `into` folder itself); its children stay below it.
///    With `automap`, top-level special folders, the same names directly under INBOX (Courier) and
///    under `[Gmail]`/`[Google Mail]` → `Sent`, `Drafts`, `Trash`, `Junk` at the top; children follow.
/// 4. Every component is made a valid Zimbra item name (`MailItem.validateItemName`): `:` `/` `"`
///    TAB CR LF, other control characters, DEL, U+FFFE, U+FFFF → `_`; trailing spaces trimmed;
///    empty → `_`; `.`/`..` → `_`/`__`; cut to 255 UTF-16 units (Java's `String.length`).
/// 5. Zimbra finds folders case-insensitively, so two distinct source folders whose paths would be
///    equal ignoring case are kept apart: the later one gets ` (2)`, ` (3)`, ... Folders meant to
///    merge (two spellings of one special folder, `folderMap` targets, the `into` folder) merge.
///    Top-level names of Zimbra's non-mail system folders (`Contacts`, `Calendar`, `Tasks`,
///    `Briefcase`, `Emailed Contacts`, `Chats`) count as taken, since Zimbra refuses messages there.
///
/// The same source folder always gets the same answer from one mapper; map folders in a stable
/// order (the reader's) so that collision suffixes are reproducible between runs.
public struct FolderMapper: Sendable {
  /// The options this mapper applies.
  public let options: FolderMapOptions

  /// One node of the Zimbra folder tree built so far.
  struct Node: Sendable {
    var path: [String]
    /// What the node stands for on the source side; equal identities merge.
    var identity: String
    /// Other sources landing on this path merge into it instead of being renamed.
    var mergeable: Bool
    /// The (normalised) source folder that created the node, for notes.
    var source: String
    var notes: [String]
  }

  var memo: [FolderPath: MappedFolder] = [:]
  var nodes: [String: Node] = [:]
  /// Case-folded Zimbra path → identity of the node that holds it.
  var owners: [String: String] = [:]
  let exactMap: [[String]: [String]]
  let foldedMap: [[String]: [String]]
  let prefixPieces: [String]
  let intoPath: [String]?

  private static let root = Node(path: [], identity: "", mergeable: true, source: "", notes: [])

  /// Zimbra's non-mail system folders at the mailbox root: a message folder of that name would
  /// be refused (`formatter.INVALID_TYPE`, ZIMBRA-IMPORT.md §1.4).
  public static let reservedTopLevelNames = [
    "Contacts", "Emailed Contacts", "Calendar", "Tasks", "Briefcase", "Chats",
  ]

  /// Special-folder names (lower-cased) and the Zimbra system folder each maps to.
  public static let systemFolders: [String: String] = [
    "sent": "Sent", "sent items": "Sent", "sent messages": "Sent", "sent mail": "Sent",
    "drafts": "Drafts", "draft": "Drafts",
    "trash": "Trash", "deleted items": "Trash", "deleted messages": "Trash", "deleted": "Trash",
    "bin": "Trash",
    "junk": "Junk", "junk e-mail": "Junk", "junk email": "Junk", "spam": "Junk",
    "bulk mail": "Junk",
  ]

  /// Top-level containers whose children are special folders (`[Gmail]/Sent Mail`).
  private static let gmailContainers: Set<String> = ["[gmail]", "[google mail]"]

  /// A mapper applying `options`.
  public init(options: FolderMapOptions = FolderMapOptions()) {
    self.options = options
    var exact: [[String]: [String]] = [:]
    var folded: [[String]: [String]] = [:]
    for key in options.folderMap.keys.sorted() {
      guard let value = options.folderMap[key] else { continue }
      let source = FolderMapper.splitUserPath(key)
      guard !source.isEmpty else { continue }
      let target = FolderMapper.splitUserPath(value)
      exact[source] = target
      let foldedKey = source.map { $0.lowercased() }
      if folded[foldedKey] == nil { folded[foldedKey] = target }
    }
    exactMap = exact
    foldedMap = folded
    if let prefix = options.prefix, !prefix.isEmpty {
      prefixPieces = FolderMapper.split(prefix, by: options.separator)
        .flatMap { $0.split(separator: "/").map(String.init) }
        .filter { !$0.isEmpty }
    } else {
      prefixPieces = []
    }
    if let into = options.into?.filter({ !$0.isEmpty }), !into.isEmpty {
      intoPath = into
    } else {
      intoPath = nil
    }
    for name in FolderMapper.reservedTopLevelNames {
      let identity = "\u{0}reserved:" + name
      nodes[identity] = Node(
        path: [name], identity: identity, mergeable: false, source: "Zimbra's \(name) folder",
        notes: [])
      owners[name.lowercased()] = identity
    }
  }

  /// The Zimbra folder for `folder` (memoised: the same source always gets the same answer).
  public mutating func map(_ folder: FolderPath) -> MappedFolder {
    if let known = memo[folder] { return known }
    let result = compute(folder)
    memo[folder] = result
    return result
  }

  /// The folder's directory inside the archive: components joined with `/`, no leading `./` or
  /// `/`, no trailing slash. Defensive against foreign input: an empty, `.` or `..` component, or
  /// one containing `/` or NUL, is replaced so the path can never leave the output directory.
  public static func entryDirectory(_ zimbraPath: [String]) -> String {
    var parts: [String] = []
    parts.reserveCapacity(zimbraPath.count)
    for component in zimbraPath {
      var safe = String(
        String.UnicodeScalarView(
          component.unicodeScalars.map { $0 == "/" || $0 == "\u{0}" ? "_" : $0 }))
      if safe.isEmpty || safe == "." { safe = "_" } else if safe == ".." { safe = "__" }
      parts.append(safe)
    }
    return parts.isEmpty ? "Inbox" : parts.joined(separator: "/")
  }

  /// `name` made acceptable to Zimbra as an item name, with a note for each change.
  public static func sanitize(_ name: String) -> (name: String, changes: [String]) {
    var changes: [String] = []
    var replaced: [String] = []
    var scalars = String.UnicodeScalarView()
    for scalar in name.unicodeScalars {
      if isRefused(scalar) {
        let shown = describe(scalar)
        if !replaced.contains(shown) { replaced.append(shown) }
        scalars.append("_")
      } else {
        scalars.append(scalar)
      }
    }
    var result = String(scalars)
    for shown in replaced { changes.append("\(shown) replaced by '_' in '\(printable(name))'") }

    let trimmed = trimTrailingSpaces(result)
    if trimmed.count != result.count {
      changes.append("trailing spaces removed from '\(printable(name))'")
      result = trimmed
    }
    if result.isEmpty {
      changes.append(
        name.isEmpty ? "empty folder name replaced by '_'" : "blank folder name replaced by '_'")
      result = "_"
    } else if result == "." || result == ".." {
      changes.append("folder name '\(result)' replaced by '\(result == "." ? "_" : "__")'")
      result = result == "." ? "_" : "__"
    }
    if result.utf16.count > maxNameLength {
      result = trimTrailingSpaces(cut(result, toUTF16: maxNameLength))
      if result.isEmpty { result = "_" }
      changes.append("folder name of \(name.count) characters cut to \(result.count)")
    }
    return (result, changes)
  }

  /// Zimbra's `MailItem.MAX_NAME_LENGTH`, in UTF-16 units.
  public static let maxNameLength = 255

  // MARK: - Mapping

  private mutating func compute(_ folder: FolderPath) -> MappedFolder {
    // The store's root folder (no components) is its inbox.
    let raw = folder.components.isEmpty ? ["INBOX"] : folder.components
    // 1. Explicit overrides on the source path as given.
    if let (length, target) = explicitMatch(raw) {
      let rest = raw[length...].flatMap { FolderMapper.split($0, by: options.separator) }
      let source = raw.prefix(length).joined(separator: "/")
      let node = explicitNode(target, source: source)
      return walk(
        from: node, rest: rest, consumed: Array(raw.prefix(length)),
        notes: [explicitNote(source, node)])
    }
    // 2. Separator and prefix.
    var comps = raw.flatMap { FolderMapper.split($0, by: options.separator) }
    if !prefixPieces.isEmpty { comps = stripPrefix(comps) }
    if comps.isEmpty { comps = ["INBOX"] }
    if let (length, target) = explicitMatch(comps) {
      let source = comps.prefix(length).joined(separator: "/")
      let node = explicitNode(target, source: source)
      return walk(
        from: node, rest: Array(comps[length...]), consumed: Array(comps.prefix(length)),
        notes: [explicitNote(source, node)])
    }
    // 3. INBOX and special folders.
    let base = baseNode()
    let first = comps[0].lowercased()
    if first == "inbox" {
      if options.automap, comps.count >= 2,
        let system = FolderMapper.systemFolders[comps[1].lowercased()]
      {
        let source = comps.prefix(2).joined(separator: "/")
        let node = systemNode(system, under: base, source: source)
        return walk(
          from: node, rest: Array(comps[2...]), consumed: Array(comps.prefix(2)),
          notes: [systemNote(source, system)])
      }
      let inbox: Node
      if intoPath != nil {
        // INBOX's messages go into the `into` folder itself; its subfolders stay distinct
        // from top-level folders of the same name.
        let identity = base.identity + "\u{0}sys:Inbox"
        if let known = nodes[identity] {
          inbox = known
        } else {
          inbox = Node(
            path: base.path, identity: identity, mergeable: false, source: comps[0],
            notes: base.notes)
          nodes[identity] = inbox
        }
      } else {
        inbox = systemNode("Inbox", under: base, source: comps[0])
      }
      return walk(from: inbox, rest: Array(comps[1...]), consumed: [comps[0]])
    }
    if options.automap {
      if let system = FolderMapper.systemFolders[first] {
        let node = systemNode(system, under: base, source: comps[0])
        return walk(
          from: node, rest: Array(comps[1...]), consumed: [comps[0]],
          notes: first == system.lowercased() ? [] : [systemNote(comps[0], system)])
      }
      if FolderMapper.gmailContainers.contains(first), comps.count >= 2,
        let system = FolderMapper.systemFolders[comps[1].lowercased()]
      {
        let source = comps.prefix(2).joined(separator: "/")
        let node = systemNode(system, under: base, source: source)
        return walk(
          from: node, rest: Array(comps[2...]), consumed: Array(comps.prefix(2)),
          notes: [systemNote(source, system)])
      }
    }
    return walk(from: base, rest: comps, consumed: [])
  }

  /// Adds `rest` below `start` one level at a time and builds the answer.
  private mutating func walk(
    from start: Node, rest: [String], consumed: [String], notes: [String] = []
  ) -> MappedFolder {
    var node = start
    var sourcePath = consumed
    for component in rest {
      sourcePath.append(component)
      node = child(of: node, raw: component, source: sourcePath.joined(separator: "/"))
    }
    return result(for: node, from: sourcePath.joined(separator: "/"), notes: notes)
  }

  private func result(for node: Node, from source: String, notes: [String]) -> MappedFolder {
    var changes = notes
    for note in node.notes where !changes.contains(note) { changes.append(note) }
    if node.source != source, !node.source.isEmpty {
      let note =
        "merged with source folder '\(printable(node.source))' in '\(node.path.joined(separator: "/"))'"
      if !changes.contains(note) { changes.append(note) }
    }
    return MappedFolder(zimbraPath: node.path.isEmpty ? ["Inbox"] : node.path, changes: changes)
  }

  /// The folder everything hangs from: the mailbox root, or the `into` folder.
  private mutating func baseNode() -> Node {
    guard let intoPath else { return FolderMapper.root }
    var node = FolderMapper.root
    for component in intoPath {
      node = mergeableChild(of: node, name: component, identityTag: "into:", source: "")
    }
    return node
  }

  private mutating func systemNode(_ name: String, under parent: Node, source: String) -> Node {
    let identity = parent.identity + "\u{0}sys:" + name
    if let known = nodes[identity] { return known }
    let node = Node(
      path: parent.path + [name], identity: identity, mergeable: false, source: source,
      notes: parent.notes)
    return claim(node)
  }

  /// The note for a special folder mapped onto a system folder (INBOX → Inbox needs none).
  private func systemNote(_ source: String, _ system: String) -> String {
    "'\(printable(source))' mapped to the system folder '\(system)'"
  }

  private func explicitNote(_ source: String, _ node: Node) -> String {
    "'\(printable(source))' mapped to '\(node.path.joined(separator: "/"))' by the folder map"
  }

  /// The node for an explicit `folderMap` target (a Zimbra path from the mailbox root, not under
  /// `into`; empty means Inbox): merges with whatever already holds that path.
  private mutating func explicitNode(_ target: [String], source: String) -> Node {
    var node = FolderMapper.root
    for component in target {
      node = mergeableChild(of: node, name: component, identityTag: "map:", source: "")
    }
    if node.path.isEmpty {
      node = systemNode("Inbox", under: FolderMapper.root, source: "INBOX")
    }
    if node.source.isEmpty {
      // First use of a new target: it now stands for this source (for later merge notes).
      node.source = source
      nodes[node.identity] = node
    }
    return node
  }

  /// A child that merges with an existing holder of its path instead of being renamed.
  private mutating func mergeableChild(
    of parent: Node, name raw: String, identityTag: String, source: String
  ) -> Node {
    let (name, notes) = FolderMapper.sanitize(raw)
    let path = parent.path + [name]
    let key = FolderMapper.key(path)
    if let ownerID = owners[key], let owner = nodes[ownerID] { return owner }
    let identity = parent.identity + "\u{0}" + identityTag + key
    let node = Node(
      path: path, identity: identity, mergeable: true, source: source, notes: parent.notes + notes)
    nodes[identity] = node
    owners[key] = identity
    return node
  }

  /// An ordinary subfolder: sanitised, and renamed when its path is taken by another source.
  private mutating func child(of parent: Node, raw: String, source: String) -> Node {
    // By Unicode scalars: `Café` precomposed and decomposed are two source folders (String
    // keys would merge them), which `claim` then keeps apart like case twins.
    let identity =
      parent.identity + "\u{0}"
      + raw.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ",")
    if let known = nodes[identity] { return known }
    let (name, notes) = FolderMapper.sanitize(raw)
    let node = Node(
      path: parent.path + [name], identity: identity, mergeable: false, source: source,
      notes: parent.notes + notes)
    return claim(node)
  }

  /// Registers `node` at its path, merging or renaming when the path is already held.
  private mutating func claim(_ proposed: Node) -> Node {
    var node = proposed
    let key = FolderMapper.key(node.path)
    if let ownerID = owners[key], ownerID != node.identity, let owner = nodes[ownerID] {
      if owner.mergeable {
        nodes[node.identity] = owner
        return owner
      }
      guard let base = node.path.last else { return node }
      var n = 2
      var candidate: [String]
      repeat {
        candidate = Array(node.path.dropLast()) + [FolderMapper.suffixed(base, n)]
        n += 1
      } while owners[FolderMapper.key(candidate)] != nil
      node.notes.append(
        "'\(printable(node.source))' renamed to '\(candidate.joined(separator: "/"))': Zimbra matches folder names "
          + "ignoring case, and '\(owner.path.joined(separator: "/"))' is already used by \(describeOwner(owner))"
      )
      node.path = candidate
    }
    owners[FolderMapper.key(node.path)] = node.identity
    nodes[node.identity] = node
    return node
  }

  private func describeOwner(_ owner: Node) -> String {
    owner.identity.contains("\u{0}reserved:")
      ? owner.source : "source folder '\(printable(owner.source))'"
  }

}

/// A name with control characters made visible, for notes.
private func printable(_ text: String) -> String {
  var out = ""
  for scalar in text.unicodeScalars {
    if scalar.value < 0x20 || scalar.value == 0x7F {
      out += "\\u{" + String(scalar.value, radix: 16) + "}"
    } else {
      out.unicodeScalars.append(scalar)
    }
  }
  return out
}
