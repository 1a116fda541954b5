import MailModel

/// Reads an Apple Mail store (`~/Library/Mail/V<n>/…`) or any tree of `.emlx` files
/// (SOURCE-FORMATS.md §5).
///
/// * Layout: `<account>/<Mailbox>.mbox/<…>/Messages/<n>.emlx`. The folder is the chain of
///   `X.mbox` (or `X.imapmbox`) directory names with the suffix removed, so nested mailboxes
///   are nested folders (`Projects.mbox/Alpha.mbox` is `Projects/Alpha`); store UUIDs, `Data/`,
///   digit directories and `Messages/` are passed through, and the directories above the first
///   `.mbox` do not count. Mailboxes of the same name in two accounts are merged, with a
///   `duplicate-folder` warning.
/// * A `.emlx` file is a decimal byte count and LF, exactly that many bytes of message, then an
///   XML property list. The message bytes are exactly that slice (the framing is removed, as
///   FIDELITY.md allows). The list's `flags` give read (bit 0), deleted (1), answered (2),
///   flagged (4), draft (6) and forwarded (8); `date-received` is the internal date (else the
///   headers as `--date-from` says, else the file's mtime).
/// * `.partial.emlx` files are skipped (`partial-emlx`), `.emlxpart` files and `Attachments/`
///   folders ignored, `Info.plist`, `.mboxCache.plist` and other state files ignored. A byte
///   count that does not match the file is skipped as `bad-emlx` with its byte offset.
///
/// The walk is the one `EmlTreeReader` does, so `.eml` files in the tree are read too.
public struct EmlxReader: MailStoreReader, Sendable {
  /// The top directory of the tree (`~/Library/Mail`, `V10`, an account, or one `X.mbox`).
  public let root: String
  /// The options the reader was made with.
  public let options: ReadOptions

  /// A reader of the Apple Mail tree at `root`.
  public init(root: String, options: ReadOptions = ReadOptions()) {
    self.root = root
    self.options = options
  }

  /// `emlx`.
  public var formatName: String { "emlx" }

  /// Calls `handler` for every message, folder by folder. Throws `MailStoreError` only when the
  /// root is not a readable directory (and rethrows what `handler` throws).
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    try EmlTreeEngine(root: root, options: options).readMessages(diagnostics: diagnostics, handler)
  }

  /// Every mailbox of the tree (`X.mbox` directories), empty ones included.
  public func readFolders() throws -> [FolderPath] {
    try EmlTreeEngine(root: root, options: options).readFolders(mailboxesOnly: true)
  }

  /// Whether `path` is a directory with an `.emlx` file among the first few hundred entries
  /// below it, breadth first.
  public static func looksLikeAppleMail(_ path: String) -> Bool { detectionReason(path) != nil }

  /// A one-line reason for `inspect` when `path` looks like an Apple Mail tree, else nil.
  public static func detectionReason(_ path: String) -> String? {
    guard
      let found = EmlTreeDetection.firstFile(
        below: RawPath(path), matching: EmlTreeDetection.isEmlxCandidate)
    else { return nil }
    return
      "an Apple Mail tree of .emlx files (e.g. \(found.relative)): X.mbox directories are folders"
  }
}
