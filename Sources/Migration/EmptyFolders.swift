import Foundation
import ZimbraBundle

/// The source folders that hold no message in the bundle, and how they are carried so that they
/// exist after the import (docs/bundle.md, "Folders"): as folder `.meta` entries at the end of a
/// `.tgz`/`.tar`/directory bundle, or as `createFolder` lines of a `zmmailbox` command file
/// beside a `.zip` (`OutputPaths.folders(for:)`), which the upload runs before the bundle.
public enum EmptyFolders {
  /// The Zimbra paths of the folders that need carrying, in the order given (parents before
  /// children when `folders` has them so): each mapped source folder into which no message was
  /// written, unless every mailbox has it already (`FolderMapper.existsInEveryMailbox`).
  /// `written` are the Zimbra paths (joined with `/`) that received messages. Zimbra matches
  /// folder names without regard to case, and so does this.
  public static func needingCreation(_ folders: [PipelineFolder], written: Set<String>)
    -> [[String]]
  {
    let filled = Set(written.map { $0.lowercased() })
    var seen: Set<String> = []
    var result: [[String]] = []
    for folder in folders {
      let path = folder.mapped.zimbraPath
      let key = path.joined(separator: "/").lowercased()
      if FolderMapper.existsInEveryMailbox(path) || filled.contains(key) { continue }
      if seen.insert(key).inserted { result.append(path) }
    }
    return result
  }

  /// The `zmmailbox` commands that create `paths`: one `createFolder -V message '/A/B'` line
  /// each, every missing parent first (`createFolder` needs the parent to exist; built-in
  /// folders are left out). Each path is single-quoted, with `\` and `'` escaped by `\`, the
  /// quoting `zmmailbox` reads (ZIMBRA-IMPORT.md, zmprov line rules).
  public static func zmmailboxCommands(_ paths: [[String]]) -> String {
    var seen: Set<String> = []
    var text = ""
    for path in paths where !path.isEmpty {
      for length in 1...path.count {
        let prefix = Array(path.prefix(length))
        let key = prefix.joined(separator: "/").lowercased()
        guard !FolderMapper.existsInEveryMailbox(prefix), seen.insert(key).inserted else {
          continue
        }
        text += "createFolder -V message " + quoted("/" + prefix.joined(separator: "/")) + "\n"
      }
    }
    return text
  }

  /// The folder paths a `zmmailbox` command file creates: the argument of every `createFolder`
  /// (or `cf`) line, unquoted, split into levels. Used by `verify` and the tests.
  public static func createdFolders(inCommands text: String) -> [[String]] {
    var result: [[String]] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let words = line.split(separator: " ", maxSplits: 1)
      guard words.count == 2, words[0] == "createFolder" || words[0] == "cf" else { continue }
      var rest = Substring(words[1])
      while rest.hasPrefix("-"), let space = rest.firstIndex(of: " ") {
        // An option and its value (`-V message`).
        rest = rest[rest.index(after: space)...]
        guard let next = rest.firstIndex(of: " ") else { break }
        rest = rest[rest.index(after: next)...]
      }
      let path = unquoted(String(rest))
      result.append(path.split(separator: "/").map(String.init))
    }
    return result
  }

  /// `text` in single quotes, `\` and `'` escaped.
  static func quoted(_ text: String) -> String {
    var out = "'"
    for ch in text {
      if ch == "\\" || ch == "'" { out.append("\\") }
      out.append(ch)
    }
    return out + "'"
  }

  /// The inverse of `quoted` (a bare word is returned as it is).
  static func unquoted(_ text: String) -> String {
    guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return text }
    var out = ""
    var escaped = false
    for ch in text.dropFirst().dropLast() {
      if escaped {
        out.append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else {
        out.append(ch)
      }
    }
    return out
  }
}
