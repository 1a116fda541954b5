import ArgumentParser
import CZMigrateMalloc
import Foundation
import MailModel
import MailStores
import Migration
import ZimbraBundle

/// The `zmigrate` command: offline conversion of mail dumps into Zimbra import bundles.
@main
struct ZMigrate: ParsableCommand {
  /// Runs the command; usage errors exit with 2 as the command-line contract says (not 64).
  static func main() {
    #if canImport(Glibc)
      // glibc raises its mmap threshold to the largest block freed (up to 32 MiB), after which
      // message-sized buffers come from the heap and stay resident once freed. A fixed threshold
      // hands each large buffer back on free, so peak RSS follows the largest message
      // (docs/benchmarks.md, "Memory").
      _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
    #endif
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code.rawValue == 64 {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "zmigrate",
    abstract:
      "Convert exported mail (mbox, Maildir, Dovecot, EML and Apple Mail trees), accounts, contacts and calendars into files Zimbra imports, and prove nothing was lost.",
    discussion: """
      Exit status: 0 everything converted (or verified); 1 finished, but some items were skipped or differ \
      (each is listed with its reason); 2 bad usage, or nothing could be done.
      """,
    version: ZMigrateVersion.current,
    subcommands: [
      Inspect.self, Convert.self, Verify.self, Batch.self, Report.self, AccountsCommand.self,
      ContactsCommand.self,
      CalendarCommand.self, UploadScriptCommand.self, ExportCommand.self,
    ]
  )
}
