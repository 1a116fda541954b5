import Foundation
import MailModel

/// One way in which a bundle does not hold what the source holds.
public struct VerifyProblem: Codable, Sendable, CustomStringConvertible {
  /// The kinds of difference, an extensible set of values written as strings in the JSON
  /// (`missing`, `wrong-folder`, ...).
  public struct Kind: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
  {
    /// The kind as written in reports.
    public var rawValue: String
    /// The kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The kind named by a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The name.
    public var description: String { rawValue }

    /// No entry with the source message's bytes anywhere in the bundle.
    public static let missing: Kind = "missing"
    /// An entry with the same Message-ID in the folder has other bytes.
    public static let bytesDiffer: Kind = "bytes-differ"
    /// The bytes are in the bundle, in another folder.
    public static let wrongFolder: Kind = "wrong-folder"
    /// The entry's mtime or `.meta` date is not the received date.
    public static let dateDiffers: Kind = "date-differs"
    /// The entry's mode says read where the message is unread, or the other way round.
    public static let readStateDiffers: Kind = "read-state-differs"
    /// The `.meta` flags differ.
    public static let flagsDiffer: Kind = "flags-differ"
    /// The `.meta` tags differ.
    public static let tagsDiffer: Kind = "tags-differ"
    /// A message rebuilt from an item with no original bytes (Outlook) lacks part of the item's
    /// content: its subject, text body, an attachment or an embedded message.
    public static let contentDiffers: Kind = "content-differs"
    /// A `.meta` that does not describe its entry.
    public static let metaMismatch: Kind = "meta-mismatch"
    /// A message without `.meta` after others had one, or a bare entry after a `.meta`.
    public static let missingMeta: Kind = "missing-meta"
    /// An entry with no source message (or there more often than in the source).
    public static let extra: Kind = "extra"
    /// A source folder that would not exist after the import: no message entry, folder entry
    /// or folders-file line creates it (or a folder below it).
    public static let missingFolder: Kind = "missing-folder"
    /// A part of a split bundle that its report lists was not given to `verify`.
    public static let missingPart: Kind = "missing-part"
    /// A part whose size or SHA-256 is not what the report lists, or that it does not list.
    public static let partDiffers: Kind = "part-differs"

    /// Whether the problem says the source's mail is not where it should be (missing, or in
    /// another folder): the case where folder options given to convert matter.
    public var isPlacement: Bool { self == .missing || self == .wrongFolder }
  }

  /// What kind of difference it is.
  public var kind: Kind
  /// What differs, in words.
  public var detail: String
  /// The source message, when the problem is about one.
  public var source: SourceLocation?
  /// The bundle entry, when there is one.
  public var entry: String?

  /// `kind: detail`, followed by the source location and the bundle entry when known.
  public var description: String {
    var parts = [kind.rawValue + ":", detail]
    if let source { parts.append("(source \(source))") }
    if let entry { parts.append("(entry \(entry))") }
    return parts.joined(separator: " ")
  }
}

/// What `verify` found.
public struct VerificationReport: Codable, Sendable {
  /// The source path as given.
  public var source: String
  /// The bundle path as given.
  public var bundle: String
  /// The parts verified together, when the bundle was split to size (`bundle` is then the name
  /// they were split from).
  public var parts: [String]?
  /// The detected source format's name (`mbox-tree`, `maildir`, ...).
  public var sourceFormat: String
  /// Messages the source reader produced.
  public var sourceMessages = 0
  /// Source items the bundle lacks because convert cannot write them (message files the reader
  /// skips, files or folders it cannot read, messages the planner refuses), with reasons. Any
  /// of them makes the bundle incomplete: the source holds mail the bundle does not.
  public var sourceSkipped: [Diagnostic] = []
  /// How many of `sourceMessages` convert cannot write (so they are not expected).
  public var unwritableMessages = 0
  /// Message entries (`.eml`) in the bundle.
  public var bundleMessages = 0
  /// Source messages a staged (`--since`) or de-duplicated conversion left out on purpose, as its
  /// report's settings say: known from the earlier runs it was made against, or repeats.
  public var leftOut = 0
  /// Source messages found once, in the right folder, with the same bytes, date and flags.
  public var matched = 0
  /// Every difference found, in the order found; empty when the bundle matches.
  public var problems: [VerifyProblem] = []
  /// Contact and calendar entries (`--contacts`, `--calendar`) found identical to what convert makes.
  public var contactsCalendarsEntriesMatched = 0

  /// Whether the bundle holds exactly what convert could write of the source: every writable
  /// source message matched, nothing different, nothing extra.
  public var isComplete: Bool {
    problems.isEmpty && matched == sourceMessages - unwritableMessages - leftOut
  }

  /// Whether the bundle holds all the source's mail: complete, and no source item that convert
  /// could not write (`sourceSkipped`). `verify`'s exit status is 0 only then: it never says OK
  /// over a gap, whatever the gap's reason.
  public var holdsEverySourceMessage: Bool { isComplete && sourceSkipped.isEmpty }
}
