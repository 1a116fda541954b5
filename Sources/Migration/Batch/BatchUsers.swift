import Foundation
import MailModel

/// One user of a batch: the Zimbra address and, where the list gave them, its own paths.
public struct BatchUser: Sendable, Equatable {
  /// The Zimbra account address (`alice@example.com`).
  public var address: String
  /// The user's source, overriding `--source` (a `source` column).
  public var source: String?
  /// The user's contacts file, overriding `--contacts` (a `contacts` column).
  public var contacts: String?
  /// The user's calendar file, overriding `--calendar` (a `calendar` column).
  public var calendar: String?
  /// The Zimbra folder to put everything under, as `convert --into` (an `into` column).
  public var into: String?
  /// The line of the list the user came from.
  public var line: Int

  /// A user read from line `line`.
  public init(
    address: String, source: String? = nil, contacts: String? = nil, calendar: String? = nil,
    into: String? = nil, line: Int
  ) {
    self.address = address
    self.source = source
    self.contacts = contacts
    self.calendar = calendar
    self.into = into
    self.line = line
  }

  /// The local part of the address (`alice`).
  public var localPart: String {
    address.split(separator: "@", maxSplits: 1).first.map(String.init) ?? address
  }

  /// The domain of the address (`example.com`), empty when it has none.
  public var domain: String {
    let parts = address.split(separator: "@", maxSplits: 1)
    return parts.count == 2 ? String(parts[1]) : ""
  }

  /// `pattern` with `{user}`, `{localpart}` and `{domain}` replaced by this user's values.
  public func expand(_ pattern: String) -> String {
    pattern.replacingOccurrences(of: "{user}", with: address)
      .replacingOccurrences(of: "{localpart}", with: localPart)
      .replacingOccurrences(of: "{domain}", with: domain)
  }

  /// The stable shard number (0 ..< `count`) of this user: FNV-1a of the lower-cased address,
  /// so every host splits any list the same way whatever its order.
  public func shard(of count: Int) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in address.lowercased().utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    return Int(hash % UInt64(max(1, count)))
  }
}

/// Reads the users of a batch (`zmigrate batch USERS`): one address per line; a `.tsv`/`.csv`
/// with a header naming `user` (or `account`, `email`, `mail`) and optional `source`,
/// `contacts`, `calendar`, `into` columns; imapsync and seed batch files (`user;password`, the
/// 6-column `host1;user1;password1;host2;user2;password2`, the Zimbra user being `user2`); and
/// the `zmprov` files `zmigrate accounts` writes (`ca 'user' 'password' ...`). Passwords are
/// never kept: not in a value returned, not in an error.
public enum BatchUsers {
  /// The header names that mean the address column.
  static let userColumns: Set<String> = ["user", "account", "email", "mail", "address"]

  /// The users in the file at `path`, in list order, each address once (a repeat is an error
  /// naming both lines).
  public static func read(_ path: String) throws -> [BatchUser] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MigrationError(
        "cannot read the user list", code: .notFound, at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw MigrationError(
        "the user list is not UTF-8", code: .badInput, at: SourceLocation(file: path))
    }
    return try parse(text, file: path)
  }

  /// The users in `text`, the contents of `file`.
  public static func parse(_ text: String, file: String) throws -> [BatchUser] {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .map(String.init)
    var header: [String]?
    var separator: Character?
    var users: [BatchUser] = []
    var seen: [String: Int] = [:]
    for (index, raw) in lines.enumerated() {
      let number = index + 1
      var line = raw.trimmingWhitespace()
      if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
      if line.isEmpty || line.hasPrefix("#") || line == "exit" { continue }
      let here = SourceLocation(file: file, line: number)
      if header == nil, users.isEmpty, let found = headerColumns(line) {
        header = found.columns
        separator = found.separator
        continue
      }
      guard let user = try user(line, header: header, separator: separator, at: here) else {
        continue
      }
      let key = user.address.lowercased()
      if let first = seen[key] {
        throw MigrationError(
          "\(user.address) is listed twice (first on line \(first))", code: .badInput, at: here)
      }
      seen[key] = number
      users.append(user)
    }
    return users
  }

  /// The columns of a header line (`user<TAB>source`, `email,source`), nil when it is not one.
  static func headerColumns(_ line: String) -> (columns: [String], separator: Character)? {
    for separator: Character in ["\t", ",", ";"] where line.contains(separator) {
      let names = line.split(separator: separator, omittingEmptySubsequences: false).map {
        String($0).trimmingWhitespace().lowercased()
      }
      if names.contains(where: userColumns.contains) { return (names, separator) }
    }
    return userColumns.contains(line.lowercased()) ? ([line.lowercased()], "\t") : nil
  }

  /// The user of one data line.
  static func user(
    _ line: String, header: [String]?, separator: Character?, at here: SourceLocation
  ) throws -> BatchUser? {
    var user: BatchUser
    if let header, let separator {
      let values = line.split(separator: separator, omittingEmptySubsequences: false).map {
        String($0).trimmingWhitespace()
      }
      func value(_ names: Set<String>) -> String? {
        guard let index = header.firstIndex(where: names.contains), index < values.count,
          !values[index].isEmpty
        else { return nil }
        return values[index]
      }
      guard let address = value(userColumns) else {
        throw MigrationError("no address in the user column", code: .badInput, at: here)
      }
      user = BatchUser(
        address: address, source: value(["source"]), contacts: value(["contacts"]),
        calendar: value(["calendar"]), into: value(["into"]), line: here.line ?? 0)
    } else if line.hasPrefix("ca ") {
      // zmprov: ca 'user' 'password' [attributes]; only the first quoted value is read.
      let parts = line.split(separator: "'", omittingEmptySubsequences: false)
      guard parts.count >= 2 else {
        throw MigrationError("a 'ca' line without a quoted address", code: .badInput, at: here)
      }
      user = BatchUser(address: String(parts[1]), line: here.line ?? 0)
    } else if line.hasPrefix("aaa ") || line.hasPrefix("ma ") {
      return nil  // aliases and attributes of accounts already listed
    } else {
      let fields = line.split(separator: ";", omittingEmptySubsequences: false).map {
        String($0).trimmingWhitespace()
      }
      switch fields.count {
      case 1, 2: user = BatchUser(address: fields[0], line: here.line ?? 0)  // user[;password]
      case 6: user = BatchUser(address: fields[4], line: here.line ?? 0)  // imapsync: user2
      default:
        throw MigrationError(
          "expected an address, 'user;password' or the 6 imapsync fields; found \(fields.count) fields",
          code: .badInput, at: here)
      }
    }
    guard isAddress(user.address) else {
      throw MigrationError(
        "'\(user.address)' is not an address (name@domain)", code: .badInput, at: here)
    }
    return user
  }

  /// Whether `text` can be an address and a file name: `local@domain`, no spaces, no `/`, no
  /// NUL, not starting with a dot. Bundle names come from addresses, so this keeps them inside
  /// the output directory.
  static func isAddress(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !text.hasPrefix(".") else {
      return false
    }
    return !text.contains { $0 == "/" || $0 == "\\" || $0 == "\u{0}" || $0.isWhitespace }
  }
}
