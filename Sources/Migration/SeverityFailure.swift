import MailModel

extension Diagnostic.Severity {
  /// Whether an item with this severity was not written (`skipped`) or could not be read
  /// (`error`): what makes a mail run's exit status 1.
  public var isFailure: Bool { self == .skipped || self == .error }
}
