import Foundation
import MailModel

/// One file the upload script sends (or runs) for a user, with what it was when the script was
/// written.
public struct UploadItem: Sendable, Equatable {
  /// What the file is, and so how the script sends it.
  public enum Kind: String, Sendable, Equatable {
    /// `NAME.folders.zmm`: `createFolder` lines run through `zmmailbox -z -m USER`.
    case folders
    /// A bundle or bundle part, posted to `/home/USER/?fmt=tgz|tar|zip`.
    case bundle
    /// `NAME-contacts.csv`, posted to `/home/USER/Contacts?fmt=csv`.
    case contacts
    /// `NAME-tasks.ics`, posted to `/home/USER/Tasks?fmt=ics`.
    case tasks
  }

  /// What the file is.
  public var kind: Kind
  /// The file's absolute path.
  public var path: String
  /// Its size in bytes.
  public var size: Int64
  /// The SHA-256 of its bytes, lower-case hex.
  public var sha256: String
  /// For a bundle, the `fmt=` it is posted with (`tgz`, `tar` or `zip`); nil otherwise.
  public var format: String?

  /// The file name, without its folder.
  public var name: String { URL(fileURLWithPath: path).lastPathComponent }
}

/// One Zimbra account and the files that go into it, in the order they are sent.
public struct UploadUser: Sendable, Equatable {
  /// The account address.
  public var address: String
  /// Folders file first, then the bundle parts in order, then contacts and tasks.
  public var items: [UploadItem]
}

/// What `upload-script` found in its DIR|BUNDLE arguments: the users and their files.
public struct UploadPlan: Sendable, Equatable {
  /// The users, in the order their bundles were found (sorted by name within a directory).
  public var users: [UploadUser]

  /// The bundle extensions and the `fmt=` each is posted with.
  static let formats: [(suffix: String, format: String)] = [
    (".tgz", "tgz"), (".tar.gz", "tgz"), (".tar", "tar"), (".zip", "zip"),
  ]

  /// The plan for `inputs` (bundle files, or directories whose bundles are all taken); `user`
  /// names the account when there is exactly one bundle that names none. Throws a
  /// `MigrationError` naming the file when a bundle's account cannot be told, or an input is
  /// not there.
  public static func make(inputs: [String], user: String? = nil) throws -> UploadPlan {
    var groups: [BundleGroup] = []
    for input in inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
        throw MigrationError(
          "no such file or directory", code: .notFound, at: SourceLocation(file: input))
      }
      let absolute = URL(fileURLWithPath: input).standardizedFileURL.path
      if isDirectory.boolValue {
        let names = try FileManager.default.contentsOfDirectory(atPath: absolute).sorted()
        groups += try BundleGroup.all(in: absolute, names: names)
      } else {
        let directory = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: absolute).lastPathComponent
        guard let parsed = BundleName(name) else {
          throw MigrationError(
            "not a bundle (.tgz, .tar.gz, .tar or .zip)", at: SourceLocation(file: input))
        }
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        groups += try BundleGroup.all(in: directory, names: siblings).filter {
          $0.base == parsed.base && $0.format == parsed.format
        }
      }
    }
    var seen: Set<String> = []
    let unique = groups.filter { seen.insert($0.firstPath).inserted }
    guard !unique.isEmpty else {
      throw MigrationError(
        "no bundles (.tgz, .tar.gz, .tar or .zip) in \(inputs.joined(separator: " "))")
    }
    if let user, unique.count > 1 {
      throw MigrationError(
        "--user \(user) names the account of one bundle, but there are \(unique.count)")
    }
    var users: [UploadUser] = []
    var accounts: [String: String] = [:]
    for group in unique {
      let address = try user ?? group.account()
      guard isSafeAddress(address) else {
        throw MigrationError(
          "'\(address)' is not an address (name@domain)", code: .badInput,
          at: SourceLocation(file: group.firstPath))
      }
      if let other = accounts[address.lowercased()] {
        throw MigrationError(
          "\(address) has two bundles: \(other) and \(group.firstPath)", code: .badInput,
          at: SourceLocation(file: group.firstPath))
      }
      accounts[address.lowercased()] = group.firstPath
      users.append(UploadUser(address: address, items: try group.items()))
    }
    return UploadPlan(users: users)
  }

  /// Whether `text` is an address the script can put in a URL, a log line and a quoted word:
  /// `local@domain` with no white space, control characters, quotes, `/`, `\`, `?`, `#` or `%`,
  /// not starting with a dot.
  static func isSafeAddress(_ text: String) -> Bool {
    BatchUsers.isAddress(text)
      && !text.unicodeScalars.contains {
        $0.value < 0x20 || $0.value == 0x7f || "?#%'\"".unicodeScalars.contains($0)
      }
  }
}

/// `NAME.tgz` or `NAME.partNNN.tgz` (likewise `.tar.gz`, `.tar`, `.zip`) taken apart.
struct BundleName {
  /// NAME.
  var base: String
  /// The `fmt=` the file is posted with.
  var format: String
  /// The extension as written (`.tgz`, `.tar.gz`, ...).
  var suffix: String
  /// NNN for a part, nil for a whole bundle.
  var part: Int?

  /// `name` taken apart, or nil when it names no bundle: another extension, a leading dot (a
  /// hidden or temporary file), or a control character (it could not be listed in upload.done).
  init?(_ name: String) {
    guard !name.hasPrefix("."), !name.unicodeScalars.contains(where: { $0.value < 0x20 }),
      let match = UploadPlan.formats.first(where: { name.lowercased().hasSuffix($0.suffix) })
    else { return nil }
    var base = String(name.dropLast(match.suffix.count))
    var part: Int?
    if let dot = base.lastIndex(of: "."), base[base.index(after: dot)...].hasPrefix("part") {
      let digits = base[base.index(dot, offsetBy: 5)...]
      if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        let number = Int(digits),
        number > 0
      {
        part = number
        base = String(base[..<dot])
      }
    }
    guard !base.isEmpty else { return nil }
    self.base = base
    self.format = match.format
    self.suffix = String(name.suffix(match.suffix.count))
    self.part = part
  }
}

/// The parts of one bundle in a directory and the files beside it.
struct BundleGroup {
  /// The directory.
  var directory: String
  /// NAME.
  var base: String
  /// The `fmt=` of its parts.
  var format: String
  /// The file names of the parts, in order (one for a whole bundle).
  var parts: [String]

  /// The first part's path, which names the group in messages.
  var firstPath: String { directory + "/" + parts[0] }

  /// The bundles among `names` in `directory`, their parts gathered; throws when a bundle is
  /// both whole and in parts, or a part is missing.
  static func all(in directory: String, names: [String]) throws -> [BundleGroup] {
    var order: [String] = []
    var found: [String: [(part: Int?, name: String, format: String)]] = [:]
    for name in names {
      guard let parsed = BundleName(name) else { continue }
      var isDirectory: ObjCBool = false
      guard
        FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else { continue }
      let key = parsed.base + "\u{0}" + parsed.format
      if found[key] == nil { order.append(key) }
      found[key, default: []].append((parsed.part, name, parsed.format))
    }
    return try order.map { key in
      let files = found[key] ?? []
      let base = String(key.prefix { $0 != "\u{0}" })
      let here = SourceLocation(file: directory + "/" + files[0].name)
      if files.count == 1, files[0].part == nil {
        return BundleGroup(
          directory: directory, base: base, format: files[0].format, parts: [files[0].name])
      }
      guard files.allSatisfy({ $0.part != nil }) else {
        throw MigrationError(
          "\(base) is there both whole and in parts; remove the one not to upload",
          code: .badInput, at: here)
      }
      let sorted = files.sorted { ($0.part ?? 0) < ($1.part ?? 0) }
      for (index, file) in sorted.enumerated() where file.part != index + 1 {
        throw MigrationError(
          "part \(index + 1) of \(base) is missing (found \(file.name))", code: .badInput, at: here)
      }
      return BundleGroup(
        directory: directory, base: base, format: files[0].format, parts: sorted.map(\.name))
    }
  }

  /// The account: NAME when it is an address, else what the bundle's report says.
  func account() throws -> String {
    if UploadPlan.isSafeAddress(base) { return base }
    let reports = [
      firstPath + ".report.json", directory + "/" + base + ".report.json",
      OutputPaths.report(for: directory + "/" + base + "." + format),
    ]
    for report in reports {
      guard let data = FileManager.default.contents(atPath: report),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else { continue }
      if let user = object["user"] as? String { return user }
      let prefix = "bundle for account "
      for case let note as String in object["notes"] as? [Any] ?? [] where note.hasPrefix(prefix) {
        return String(note.dropFirst(prefix.count))
      }
    }
    throw MigrationError(
      "cannot tell whose bundle this is: its name is not an address and no report beside it names the account (convert --user records it); give --user ADDRESS",
      code: .badInput, at: SourceLocation(file: firstPath))
  }

  /// The folders file, the parts, the contacts and the tasks that exist, measured and hashed.
  func items() throws -> [UploadItem] {
    var items: [(UploadItem.Kind, String, String?)] = []
    let folders = directory + "/" + base + ".folders.zmm"
    if FileManager.default.fileExists(atPath: folders) { items.append((.folders, folders, nil)) }
    items += parts.map { (.bundle, directory + "/" + $0, format) }
    let contacts = directory + "/" + base + "-contacts.csv"
    if FileManager.default.fileExists(atPath: contacts) { items.append((.contacts, contacts, nil)) }
    let tasks = OutputPaths.bundleTasks(for: directory + "/" + base + ".tgz")
    if FileManager.default.fileExists(atPath: tasks) { items.append((.tasks, tasks, nil)) }
    return try items.map { kind, path, format in
      let (size, digest) = try Self.measure(path)
      return UploadItem(kind: kind, path: path, size: size, sha256: digest, format: format)
    }
  }

  /// The size and SHA-256 of the file at `path`, read in 1 MiB pieces.
  static func measure(_ path: String) throws -> (Int64, String) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw MigrationError("cannot read", code: .notFound, at: SourceLocation(file: path))
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    var size: Int64 = 0
    do {
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        chunk.withUnsafeBytes { hasher.update($0) }
        size += Int64(chunk.count)
      }
    } catch {
      throw MigrationError("cannot read", at: SourceLocation(file: path), cause: error)
    }
    return (size, hasher.finalize().hex)
  }
}
