/// Settings for `AccountFileWriter` beyond the accounts themselves.
public struct AccountWriterOptions: Sendable, Equatable {
  /// How an imapsync line names the account on the old server when `sourceLogins` has no entry.
  public enum SourceLoginStyle: String, Sendable, CaseIterable {
    /// `jane` for `jane@example.com` (system users, most Unix IMAP servers).
    case localPart
    /// The whole address (virtual-user setups that log in with the address).
    case email
  }

  /// Class-of-service ids by COS name, for `zimbraCOSId` in the zmprov file (`zmprov gc NAME zimbraId`
  /// prints one). Names are matched exactly first, then ignoring letter case. An account whose COS has
  /// no id here is written without `zimbraCOSId` and counted in `AccountWriteSummary.cosNamesWithoutID`.
  public var cosIDs: [String: String]
  /// `host1` of imapsync lines: the old IMAP server.
  public var sourceHost: String
  /// `host2` of imapsync lines: the Zimbra server.
  public var targetHost: String
  /// imapsync `user1` by account address (compared in lower case), for accounts whose old login is not
  /// derived from the address as `sourceLoginStyle` says.
  public var sourceLogins: [String: String]
  /// imapsync `user1` for accounts not in `sourceLogins`.
  public var sourceLoginStyle: SourceLoginStyle
  /// false (the default): when any account cannot be written in the chosen format, nothing is written
  /// and `AccountsRefusedError` lists every such account. true: those accounts are left out and listed
  /// in `AccountWriteSummary.refused`; the rest is written.
  public var skipRefusedAccounts: Bool

  /// The placeholder `sourceHost`, to be replaced by the real host name.
  public static let sourceHostPlaceholder = "SOURCE_HOST"
  /// The placeholder `targetHost`.
  public static let targetHostPlaceholder = "ZIMBRA_HOST"

  /// Options with placeholder hosts, no COS ids or login overrides, local-part logins, and
  /// refusal of the whole file when any account cannot be written.
  public init(
    cosIDs: [String: String] = [:], sourceHost: String = AccountWriterOptions.sourceHostPlaceholder,
    targetHost: String = AccountWriterOptions.targetHostPlaceholder,
    sourceLogins: [String: String] = [:],
    sourceLoginStyle: SourceLoginStyle = .localPart, skipRefusedAccounts: Bool = false
  ) {
    self.cosIDs = cosIDs
    self.sourceHost = sourceHost
    self.targetHost = targetHost
    self.sourceLogins = sourceLogins
    self.sourceLoginStyle = sourceLoginStyle
    self.skipRefusedAccounts = skipRefusedAccounts
  }

  /// The id for a COS name: exact match first, then a case-insensitive one (Zimbra COS names are).
  func cosID(for name: String) -> String? {
    if let id = cosIDs[name] { return id }
    let lowered = name.lowercased()
    return cosIDs.first { $0.key.lowercased() == lowered }?.value
  }

  /// The imapsync `user1` for an account.
  func sourceLogin(for email: String) -> String {
    let lowered = email.lowercased()
    if let login = sourceLogins[email]
      ?? sourceLogins.first(where: { $0.key.lowercased() == lowered })?.value
    {
      return login
    }
    switch sourceLoginStyle {
    case .email: return email
    case .localPart:
      guard let at = email.lastIndex(of: "@") else { return email }
      return String(email[..<at])
    }
  }
}
