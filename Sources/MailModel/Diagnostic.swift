/// Where in the input something was found: a file and, where known, a byte offset or line.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The path of the file (or folder) as given to the reader.
  public var file: String
  /// Byte offset from the start of `file`, or nil when not known or not meaningful.
  public var offset: Int64?
  /// Line number in `file` (1-based), or nil when not known; `offset` wins when both are set.
  public var line: Int?

  /// Creates a location in `file`, optionally narrowed to a byte offset or a line.
  public init(file: String, offset: Int64? = nil, line: Int? = nil) {
    self.file = file
    self.offset = offset
    self.line = line
  }

  /// `file (byte N)`, `file:line`, or just `file`, whichever is most precise.
  public var description: String {
    if let offset { return "\(file) (byte \(offset))" }
    if let line { return "\(file):\(line)" }
    return file
  }
}

/// One per-message or per-file problem found while reading or writing; it never stops a run.
public struct Diagnostic: Sendable, Codable, CustomStringConvertible {
  /// How serious the problem is.
  public enum Severity: String, Sendable, Codable {
    /// Not a message at all (a `tmp/` file, an index file, an expunged message): not written,
    /// counted by reason, and not a failure.
    case ignored
    /// Something was noticed or changed, and the message was still written.
    case warning
    /// The item was not written; the reason says why.
    case skipped
    /// A whole file or folder could not be read.
    case error
  }

  /// How serious the problem is; decides whether the item was written.
  public var severity: Severity
  /// A short stable reason code, such as `tmp-file` or `expunged`, for counting in reports.
  public var code: String
  /// A human-readable explanation of the problem.
  public var message: String
  /// Where in the input the problem was found.
  public var location: SourceLocation

  /// Creates a diagnostic with a severity, a reason code, a message and its location.
  public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation) {
    self.severity = severity
    self.code = code
    self.message = message
    self.location = location
  }

  /// One report line: `location: severity: message [code]`.
  public var description: String { "\(location): \(severity.rawValue): \(message) [\(code)]" }
}

extension Diagnostic.Severity {
  /// Whether a diagnostic of this severity makes a run fail (its exit status non-zero): an item
  /// that was not written (`skipped`) or a file or folder that could not be read (`error`).
  public var isFailure: Bool { self == .skipped || self == .error }
}

/// The channel readers and writers report problems through.
public typealias DiagnosticHandler = (Diagnostic) -> Void

/// An error that says what kind of failure it is, what went wrong, the place in the input it is
/// about where known, and the error that caused it: what each module's own error struct
/// (`MailModelError`, `AccountsError`, …) is, modelled on swift-nio's `FileSystemError`.
public protocol LocatedError: Error, CustomStringConvertible {
  /// What kind of failure this is, for callers that react to it.
  var code: ErrorCode { get }
  /// What went wrong, without the location.
  var message: String { get }
  /// The file (and line or byte offset, where known) the error is about; nil when none.
  var location: SourceLocation? { get }
  /// The error behind this one (an `Errno`, another module's error), or nil.
  var cause: (any Error)? { get }
}

extension LocatedError {
  /// `location: message (cause)`: the location when known, then `messageAndCause`.
  public var description: String {
    guard let location else { return messageAndCause }
    return "\(location): \(messageAndCause)"
  }

  /// The message and, in parentheses, the cause as it describes itself (a located cause with its
  /// own location and cause, so the whole chain shows); the cause is left out when the message
  /// already quotes it (`"cannot open: \(error)"`).
  public var messageAndCause: String {
    guard let cause else { return message }
    let causeText = String(describing: cause)
    return message.contains(causeText) ? message : "\(message) (\(causeText))"
  }

  /// This error's cause, its cause's cause, and so on, nearest first.
  public var causes: [any Error] {
    var chain: [any Error] = []
    var next = cause
    while let error = next, chain.count < 64 {
      chain.append(error)
      next = (error as? any LocatedError)?.cause
    }
    return chain
  }
}

/// A `LocatedError` that always knows its place (a mail store error always names its source): its
/// `location` is not optional, and the optional one `LocatedError` asks for is derived from it.
public protocol AlwaysLocatedError: LocatedError {
  /// The file or folder (with a byte offset or line where known) the error is about.
  var location: SourceLocation { get }
}

extension AlwaysLocatedError {
  /// The location, as `LocatedError` asks for it; never nil.
  public var location: SourceLocation? { .some(self.location) }
}

/// The error the MailModel module throws, with the place it refers to.
public struct MailModelError: LocatedError, Sendable {
  /// What kind of failure this is; `badInput` unless given or taken from the cause.
  public var code: ErrorCode
  /// A human-readable explanation of what went wrong.
  public var message: String
  /// Where in the input the error refers to, or nil when it is not tied to a place.
  public var location: SourceLocation?
  /// The error behind this one, such as the `Errno` of a failed system call.
  public var cause: (any Error)?

  /// Creates an error with a message and, optionally, its code, the place it refers to and its
  /// cause; without a code, the cause's code (see `ErrorCode(causedBy:)`) or `badInput`.
  public init(
    _ message: String, code: ErrorCode? = nil, at location: SourceLocation? = nil,
    cause: (any Error)? = nil
  ) {
    self.code = code ?? ErrorCode(causedBy: cause) ?? .badInput
    self.message = message
    self.location = location
    self.cause = cause
  }
}
