import ArgumentParser
import Foundation
import MailModel
import MailStores
import Migration
import ZimbraBundle

/// Options that decide how a source is read and where its folders go; `convert`, `verify` and
/// `inspect` share them so that all three see the same mapping.
struct SourceOptions: ParsableArguments {
  @Option(
    help:
      "Source format: auto, mbox, maildir, dovecot, eml, emlx, pst or msg (auto tells them apart; inspect says why). maildir also takes a directory of Maildirs (mbsync, offlineimap); mixed trees are read file by file; pst takes an Outlook .pst/.ost file, msg a .msg file or a directory of them."
  )
  var format: SourceFormat = .auto

  @Option(
    name: .customLong("date-from"),
    help:
      "Received date of EML/emlx messages without one of their own: received (newest Received:, then Date:, then file mtime; the default), date, or mtime."
  )
  var dateFrom: DatePreference?

  @Flag(
    help:
      "Mark every EML and Apple Mail message unread (for exports that carry no read state; Maildir, mbox and Dovecot sources keep their own)."
  )
  var unread = false

  @Option(
    help: "INBOX spool file for a Dovecot/UW ~/mail mbox tree (e.g. /var/mail/USER).",
    completion: .file())
  var inbox: String?

  @Flag(
    name: .customLong("subscribed-only"),
    help: "Convert only the folders listed in the store's subscriptions file (INBOX always).")
  var subscribedOnly = false

  @Flag(
    help:
      "Also read a PST's orphan items and the deleted items libpff recovers from its free space, into a 'Recovered Items' folder."
  )
  var recover = false

  @Option(
    name: .customLong("mbox-timezone"),
    help: "Time zone of mbox 'From ' line dates, which carry none (e.g. Europe/Berlin).")
  var mboxTimezone: String = "UTC"

  @Option(
    help:
      "Hierarchy separator inside source folder names, as imapsync's --sep1 (e.g. '.' makes 'Archive.2023' two levels)."
  )
  var separator: String?

  @Option(help: "Prefix removed from source folder names, as imapsync's --prefix1 (e.g. 'INBOX.').")
  var prefix: String?

  @Option(
    help:
      "Put everything under this Zimbra folder, as pop2imap's --folder (INBOX goes into it, other folders below it)."
  )
  var into: String?

  @Flag(
    name: .customLong("no-automap"),
    help:
      "Keep special folder names (Sent Items, Deleted Items, Junk E-mail, ...) instead of mapping them to Zimbra's Sent, Trash, Junk."
  )
  var noAutomap = false

  @Option(
    help:
      "Read only folders whose name matches this regular expression, as imapsync's --include (names with levels joined by '/', e.g. '^Archive/'); repeat for more."
  )
  var include: [String] = []

  @Option(
    help:
      "Leave out folders whose name matches this regular expression, as imapsync's --exclude (e.g. '^Trash$|^Junk$'); repeat for more. Their messages are counted in the report as excluded."
  )
  var exclude: [String] = []

  @Option(
    name: .customLong("folder-map"),
    help: "File of 'source/path = Zimbra/path' lines that override the mapping.",
    completion: .file())
  var folderMap: String?

  func convertOptions() throws -> ConvertOptions {
    var options = ConvertOptions()
    options.sourceFormat = format
    guard let zone = TimeZone(identifier: mboxTimezone) else {
      throw ValidationError(
        "unknown time zone '\(mboxTimezone)' for --mbox-timezone (use a name like UTC or Europe/Berlin)"
      )
    }
    options.read = ReadOptions(
      mboxTimeZone: zone, dateFrom: dateFrom, markAllUnread: unread, inboxFile: inbox,
      subscribedOnly: subscribedOnly)
    options.read.recoverItems = recover
    var folders = FolderMapOptions()
    folders.automap = !noAutomap
    if let separator {
      guard separator.count == 1, let character = separator.first else {
        throw ValidationError("--separator takes one character")
      }
      folders.separator = character
    }
    folders.prefix = prefix
    if let into {
      let parts = into.split(separator: "/").map(String.init)
      guard !parts.isEmpty else { throw ValidationError("--into needs a folder name") }
      folders.into = parts
    }
    if let folderMap { folders.folderMap = try FolderMapFile.read(folderMap) }
    options.folders = folders
    options.folderFilter.include = include
    options.folderFilter.exclude = exclude
    if let bad = options.folderFilter.invalidPatterns().first {
      throw ValidationError("--include/--exclude: not a regular expression: \(bad)")
    }
    return options
  }
}

extension SourceFormat: ExpressibleByArgument {}
extension DatePreference: ExpressibleByArgument {}
extension ContactsEntryFormat: ExpressibleByArgument {}
