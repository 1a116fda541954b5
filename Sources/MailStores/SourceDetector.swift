import Foundation
import MailModel

/// The source formats `--format` accepts.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case auto, mbox, maildir, dovecot, eml, emlx
}

/// What a source path turned out to be, and why.
public struct DetectedSource {
    /// The reader for the source.
    public var reader: any MailStoreReader
    /// The format's name (`mbox`, `mbox-tree`, `maildir`).
    public var format: String
    /// Why this format was chosen, for `inspect`.
    public var reason: String
}

/// Tells the supported source layouts apart and opens the right reader.
public enum SourceDetector {
    /// Opens `path` as `format` (or detects it); throws a clear error naming the path when it is
    /// not something zmigrate can read, or not the format asked for.
    public static func open(_ path: String, format: SourceFormat = .auto, options: ReadOptions = ReadOptions()) throws -> DetectedSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MailStoreError("no such file or directory", at: SourceLocation(file: path))
        }
        if !isDirectory.boolValue {
            guard format == .auto || format == .mbox else {
                throw MailStoreError("--format \(format.rawValue) needs a directory, but this is a file", at: SourceLocation(file: path))
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            if size > 0 && !MboxReader.looksLikeMbox(path) {
                throw MailStoreError("not an mbox file: it does not start with a 'From ' line", at: SourceLocation(file: path, offset: 0))
            }
            return DetectedSource(reader: MboxReader(path: path, options: options), format: "mbox",
                                  reason: size == 0 ? "an empty file (an mbox with no messages)" : "a file whose first line is a 'From ' separator")
        }
        let maildir = MaildirReader.looksLikeMaildir(path)
        switch format {
        case .dovecot, .eml, .emlx:
            throw MailStoreError("--format \(format.rawValue) is not supported yet", at: SourceLocation(file: path))
        case .maildir:
            guard maildir else {
                throw MailStoreError("not a Maildir: no cur/ or new/ here nor in any .Folder below", at: SourceLocation(file: path))
            }
        case .mbox:
            return DetectedSource(reader: MboxTreeReader(root: path, options: options), format: "mbox-tree",
                                  reason: "--format mbox on a directory: every mbox file below is a folder")
        case .auto:
            if !maildir {
                guard containsMbox(path) else {
                    throw MailStoreError("not a Maildir (no cur/ or new/) and no mbox files found", at: SourceLocation(file: path))
                }
                return DetectedSource(reader: MboxTreeReader(root: path, options: options), format: "mbox-tree",
                                      reason: "a directory with no cur/ or new/ that holds mbox files (first line 'From ')")
            }
        }
        return DetectedSource(reader: MaildirReader(root: path, options: options), format: "maildir",
                              reason: "a directory with cur/ and new/ (Maildir++ dot-folders below it are subfolders)")
    }

    /// Whether any regular file below `path` looks like an mbox.
    static func containsMbox(_ path: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return false }
        var checked = 0
        while let relative = walker.nextObject() as? String, checked < 10_000 {
            let full = path + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                checked += 1
                if MboxReader.looksLikeMbox(full) { return true }
            }
        }
        return false
    }
}
