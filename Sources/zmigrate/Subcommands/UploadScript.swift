import ArgumentParser
import Foundation
import MailModel
import Migration

extension UploadResolve: ExpressibleByArgument {}

/// `zmigrate upload-script`: a POSIX sh script that sends bundles to Zimbra's REST import.
struct UploadScriptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "upload-script",
    abstract:
      "Write a POSIX sh script that uploads bundles (a batch DIR or BUNDLE files) to Zimbra.",
    discussion: """
      Per user the script runs NAME.folders.zmm through zmmailbox when there is one, posts each bundle part \
      (NAME.tgz, or NAME.part001.tgz, NAME.part002.tgz, ...) to SERVER/home/USER/?fmt=tgz&resolve=..., then \
      NAME-contacts.csv to /home/USER/Contacts?fmt=csv and NAME-tasks.ics to /home/USER/Tasks?fmt=ics. The \
      account is NAME when it is an address (batch output), else the one the bundle's report names (convert \
      --user), else --user. Each file is recorded in upload.done beside the script once the server accepted \
      it, so running the script again sends only the rest; 'sh upload.sh --dry-run' lists what it would send. \
      The script reads the password from --passfile when it runs; zmigrate never reads it. Exit status: 0 \
      written; 2 bad usage, a missing input or password file, or a bundle whose account cannot be told. The \
      script's: 0 everything sent; 1 something failed (listed). See docs/upload.md.
      """)

  @Argument(help: "Batch output directories or bundle files.", completion: .file())
  var inputs: [String]

  @Option(help: "The Zimbra server's base URL, e.g. https://mail.example.com:7071.")
  var server: String

  @Option(help: "The admin account the script authenticates as.")
  var admin: String

  @Option(
    help: "The file holding the admin password (its first line); the script reads it when it runs.",
    completion: .file())
  var passfile: String

  @Option(
    name: .shortAndLong, help: "Where to write the script, e.g. upload.sh.", completion: .file())
  var output: String

  @Option(
    help:
      "What Zimbra does with items already in the mailbox: skip, modify, replace, or reset (empties the mailbox first; sent with the first part only)."
  )
  var resolve: UploadResolve = .skip

  @Option(
    help: "Users the script uploads at once ('sh upload.sh --jobs N' overrides it).")
  var jobs = 4

  @Option(help: "The account, when there is exactly one bundle and its name is not an address.")
  var user: String?

  @Flag(help: "List the users and files the script would send, and write nothing.")
  var dryRun = false

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard server.hasPrefix("http://") || server.hasPrefix("https://"),
      !server.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" })
    else {
      throw ValidationError("--server takes a URL like https://mail.example.com:7071")
    }
    guard !admin.isEmpty, !admin.contains(where: { $0.isNewline }) else {
      throw ValidationError("--admin takes the admin account, e.g. admin@example.com")
    }
  }

  func run() throws {
    let passfilePath = URL(fileURLWithPath: passfile).standardizedFileURL.path
    guard
      let attributes = try? FileManager.default.attributesOfItem(
        atPath: URL(fileURLWithPath: passfilePath).resolvingSymlinksInPath().path),
      attributes[.type] as? FileAttributeType == .typeRegular
    else {
      throw fail(
        MigrationError("no such file", code: .notFound, at: SourceLocation(file: passfile)))
    }
    if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
      FileHandle.standardError.write(
        Data(
          "zmigrate: warning: \(passfile) is readable by others (mode \(String(mode, radix: 8))): chmod 600 it\n"
            .utf8))
    }
    var options = UploadScriptOptions(server: server, admin: admin, passfile: passfilePath)
    options.resolve = resolve
    options.jobs = jobs
    let script: UploadScript
    do {
      script = UploadScript(plan: try UploadPlan.make(inputs: inputs, user: user), options: options)
    } catch {
      throw fail(error)
    }
    let files = script.plan.users.reduce(0) { $0 + $1.items.count }
    if dryRun {
      for user in script.plan.users {
        for item in user.items {
          print("\(user.address)\t\(item.kind.rawValue)\t\(item.path)\t\(item.size)")
        }
      }
      print("users \(script.plan.users.count), files \(files); nothing written")
      return
    }
    do {
      try AtomicFile.write(
        Array(script.render().utf8), to: output,
        permissions: [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
    } catch {
      throw fail(error)
    }
    print(
      "\(output): users \(script.plan.users.count), files \(files); try it with: sh \(output) --dry-run"
    )
  }
}
