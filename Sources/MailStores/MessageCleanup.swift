import MailModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The byte clean-up FIDELITY.md allows for every file-per-message source: a run of NULs at the very end is removed.
///
/// Embedded NULs are kept; `report` warns about them.
struct MessageCleanup {
  /// The message bytes without the trailing run of NULs.
  var bytes: [UInt8]
  /// How many NULs were removed from the end (0 when there were none).
  var removedTrailingNULs: Int

  /// Removes the trailing run of NULs from `original`.
  init(_ bytes: consuming [UInt8]) {
    if bytes.last == 0 {
      let kept = (bytes.lastIndex(where: { $0 != 0 }) ?? -1) + 1
      removedTrailingNULs = bytes.count - kept
      bytes.removeSubrange(kept...)
    } else {
      removedTrailingNULs = 0
    }
    self.bytes = bytes
  }

  /// Whether NUL bytes are left inside the message.
  var hasEmbeddedNUL: Bool {
    bytes.withUnsafeBytes { raw in
      raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false
    }
  }

  /// Reports the clean-up (`trailing-nul`, `embedded-nul`) and returns its transformations; nil,
  /// with an `empty-file` diagnostic that calls the bytes `what`, when they were nothing but NULs.
  func report(_ what: String, at location: SourceLocation, diagnostics: DiagnosticHandler)
    -> [Transformation]?
  {
    var transformations: [Transformation] = []
    if removedTrailingNULs > 0 {
      guard !bytes.isEmpty else {
        diagnostics(
          Diagnostic(
            .ignored, code: "empty-file", "\(what) holds only \(removedTrailingNULs) NUL bytes",
            at: location))
        return nil
      }
      transformations.append(.strippedTrailingNUL)
      diagnostics(
        Diagnostic(
          .warning, code: "trailing-nul",
          "removed \(removedTrailingNULs) NUL bytes from the end of the message", at: location))
    }
    if hasEmbeddedNUL {
      diagnostics(
        Diagnostic(
          .warning, code: "embedded-nul", "message contains NUL bytes; kept as they are",
          at: location))
    }
    return transformations
  }
}
