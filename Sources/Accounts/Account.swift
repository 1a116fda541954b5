import MailModel

/// One Zimbra attribute and its value, beyond the fields an `Account` names.
public struct AccountAttribute: Sendable, Equatable, Hashable {
  /// The Zimbra (LDAP) attribute name, such as `zimbraPrefLocale`.
  public var name: String
  /// The value to set, as read from the export.
  public var value: String

  /// The attribute `name` set to `value`.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// One account to create on Zimbra, as read from an old system's user export.
///
/// The password is never part of `description`: it must not reach logs, reports or errors.
public struct Account: Sendable, Equatable, CustomStringConvertible {
  /// The full address, `user@domain`, lower-cased domain.
  public var email: String
  /// The clear-text password, or nil when the export had none (see `--generate-passwords`).
  public var password: String?
  /// The full name Zimbra shows (`displayName`); nil when the export had none.
  public var displayName: String?
  /// The first name (`givenName`); nil when the export had none.
  public var givenName: String?
  /// The last name (`sn`); nil when the export had none.
  public var surname: String?
  /// The initials (`initials`, written by the zmprov file only); nil when the export had none.
  public var initials: String?
  /// Mailbox quota in bytes (`zimbraMailQuota`).
  public var quota: Int64?
  /// Extra addresses for the same account (`zmprov aaa`).
  public var aliases: [String]
  /// The class of service by name (the writer resolves how Zimbra wants it).
  public var cosName: String?
  /// `zimbraAccountStatus`: active, locked, closed, maintenance, pending, lockout.
  public var status: String?
  /// Where mail is forwarded (`zimbraPrefMailForwardingAddress`).
  public var forwardingAddress: String?
  /// Whether the user must change the password at first login (`zimbraPasswordMustChange`).
  public var mustChangePassword: Bool
  /// Columns mapped to Zimbra attributes with `--map column=zimbraAttr`, in column order.
  public var attributes: [AccountAttribute]
  /// Where the record came from (file and line), for error messages.
  public var location: SourceLocation

  /// An account for `email` read at `location`; every other field is optional.
  public init(
    email: String, password: String? = nil, displayName: String? = nil, givenName: String? = nil,
    surname: String? = nil, initials: String? = nil, quota: Int64? = nil, aliases: [String] = [],
    cosName: String? = nil, status: String? = nil, forwardingAddress: String? = nil,
    mustChangePassword: Bool = false, attributes: [AccountAttribute] = [], location: SourceLocation
  ) {
    self.email = email
    self.password = password
    self.displayName = displayName
    self.givenName = givenName
    self.surname = surname
    self.initials = initials
    self.quota = quota
    self.aliases = aliases
    self.cosName = cosName
    self.status = status
    self.forwardingAddress = forwardingAddress
    self.mustChangePassword = mustChangePassword
    self.attributes = attributes
    self.location = location
  }

  /// The account without its password, for messages and reports.
  public var description: String {
    var parts = [email]
    if let displayName { parts.append("\"\(displayName)\"") }
    parts.append(password == nil ? "(no password)" : "(password set)")
    return parts.joined(separator: " ")
  }
}
