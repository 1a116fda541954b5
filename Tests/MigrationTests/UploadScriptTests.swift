import Foundation
import MailModel
import TestSupport
import Testing

@testable import Migration

/// `zmigrate upload-script`: which users and files it finds, and the script it writes.
@Suite struct UploadPlanTests {
  @Test func findsUsersPartsAndTheFilesBeside() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let report = #"{"notes":["bundle for account carol@example.com"]}"#
    try TestFiles.make(
      dir.path,
      [
        "alice@example.com.part002.tgz": [2], "alice@example.com.part001.tgz": [1],
        "alice@example.com.folders.zmm": Array("createFolder /Empty\n".utf8),
        "alice@example.com-contacts.csv": [3], "alice@example.com-tasks.ics": [4],
        "bob@example.com.zip": [5], "mailbox.tgz": [6],
        "mailbox.tgz.report.json": Array(report.utf8),
        "report.json": [7], "alice@example.com.tgz.partial-1-ab": [8],
      ])
    let plan = try UploadPlan.make(inputs: [dir.path])
    #expect(
      plan.users.map(\.address) == ["alice@example.com", "bob@example.com", "carol@example.com"])
    let alice = plan.users[0].items
    #expect(alice.map(\.kind) == [.folders, .bundle, .bundle, .contacts, .tasks])
    #expect(alice[1].name == "alice@example.com.part001.tgz" && alice[2].name.hasSuffix("2.tgz"))
    #expect(alice[1].sha256 == SHA256.hash([1]).hex && alice[1].size == 1)
    #expect(plan.users[1].items.map(\.format) == ["zip"])
    // One bundle named by a file: the account from --user.
    let one = try UploadPlan.make(inputs: [dir.path + "/mailbox.tgz"], user: "dave@example.com")
    #expect(one.users.map(\.address) == ["dave@example.com"])
    let parts = try UploadPlan.make(inputs: [dir.path + "/alice@example.com.part002.tgz"])
    #expect(parts.users.first?.items.count == 5)

    let script = UploadScript(
      plan: plan,
      options: UploadScriptOptions(
        server: "https://mail.example.com/", admin: "admin@example.com", passfile: "/p"))
    let text = script.render()
    #expect(text.contains("SERVER='https://mail.example.com'\n"))
    #expect(
      text.contains("'/home/alice@example.com/?fmt=tgz&resolve=skip&callback=zmigrateUpload'"))
    #expect(text.contains("'/home/bob@example.com/?fmt=zip&resolve=skip"))
    #expect(text.contains("'/home/alice@example.com/Tasks?fmt=ics&callback=zmigrateUpload'"))
    #expect(UploadScript.quoted("it's") == #"'it'\''s'"#)
    #expect(UploadScript.pathSegment("a+b c@x") == "a+b%20c@x")
    // reset empties the mailbox with the first part only, and the folders are made after it.
    var reset = script
    reset.options.resolve = .reset
    let ordered = reset.ordered(plan.users[0])
    #expect(ordered.map(\.kind) == [.bundle, .folders, .bundle, .contacts, .tasks])
    #expect(reset.target(of: ordered[2], user: "a@x", first: false).contains("resolve=replace"))
    #expect(reset.target(of: ordered[0], user: "a@x", first: true).contains("resolve=reset"))
  }

  @Test func bundlesWhoseAccountCannotBeToldAreErrorsNamingTheFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try TestFiles.make(dir.path, ["mailbox.tgz": [1], "other.tgz": [2]])
    let unknown = #expect(throws: MigrationError.self) {
      try UploadPlan.make(inputs: [dir.path + "/mailbox.tgz"])
    }
    #expect(unknown?.location?.file.hasSuffix("/mailbox.tgz") == true)
    #expect(unknown?.message.contains("--user") == true)
    #expect(throws: MigrationError.self) {
      try UploadPlan.make(inputs: [dir.path], user: "a@x.org")
    }
    try TestFiles.make(dir.path, ["bad@x.part001.tgz": [1], "bad@x.part003.tgz": [3]])
    let gap = #expect(throws: MigrationError.self) {
      try UploadPlan.make(inputs: [dir.path + "/bad@x.part001.tgz"])
    }
    #expect(gap?.message.contains("part 2 of bad@x is missing") == true)
    try TestFiles.make(dir.path, ["it's@x.tgz": [1]])
    #expect(throws: MigrationError.self) { try UploadPlan.make(inputs: [dir.path + "/it's@x.tgz"]) }
  }
}

/// Whether the tools the script runs are here: curl and python3 (for the test server).
let uploadToolsPresent =
  FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") && Python.isPresent

/// The script run against a local HTTP server that checks the password, paths and bodies and
/// answers 503s and dropped connections before it accepts.
@Suite(
  .enabled(
    if: CommandRun.enabled && uploadToolsPresent,
    "zmigrate binary, curl or python3 missing (with CI=true the binary's absence fails instead)"))
struct UploadScriptRunTests {
  static let password = "Pa55-\"quoted\"\\back'slash"

  /// The shell the script is run with: Debian's /bin/sh (dash) when there.
  static let shell =
    FileManager.default.isExecutableFile(atPath: "/bin/dash") ? "/bin/dash" : "/bin/sh"

  /// The server: checks Basic auth; the first request to each path gets 503, the second has its
  /// body read and the connection closed without an answer, later ones are accepted (logged with
  /// the body's SHA-256). Users starting with "fail" get a 500 with a SOAP fault every time,
  /// users starting with "refused" a 403, users starting with "warn" a 200 whose callback says
  /// some items were left out.
  static let server = #"""
    import base64, hashlib, http.server, json, socket, sys, threading, time
    portfile, logfile, admin = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(sys.argv[4]) as f: auth = admin + ":" + f.readline().rstrip("\n")
    counts = {}
    lock = threading.Lock()
    inflight = [0]
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def answer(self, status, body):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        def do_POST(self):
            with lock:
                inflight[0] += 1
                now = inflight[0]
            time.sleep(0.1)
            with lock: inflight[0] -= 1
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            n = counts[self.path] = counts.get(self.path, 0) + 1
            digest = hashlib.sha256(body).hexdigest()
            expected = "Basic " + base64.b64encode(auth.encode()).decode()
            user = self.path.split("/")[2]
            if self.headers.get("Authorization") != expected: status = 401
            elif self.headers.get("Transfer-Encoding"): status = 400
            elif user.startswith("fail"): status = 500
            elif user.startswith("refused"): status = 403
            elif user.startswith("warn"): status = 201
            elif n == 1: status = 503
            elif n == 2: status = 0
            else: status = 200
            with open(logfile, "a") as log:
                log.write(json.dumps({"path": self.path, "status": status, "sha256": digest, "inflight": now}) + "\n")
            if status == 0:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif status == 200:
                self.answer(200, "<script>window.parent.zmigrateUpload('success');</script>")
            elif status == 201:
                self.answer(200, "<script>window.parent.zmigrateUpload('warn', [{\"code\": \"mail.INVALID_NAME\"}]);</script>")
            elif status == 500:
                self.answer(500, "<soap:Envelope><soap:Body><soap:Fault><Code>mail.INVALID_REQUEST</Code></soap:Fault></soap:Body></soap:Envelope>")
            else:
                self.answer(status, "no")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(portfile + ".tmp", "w") as f: f.write(str(server.server_address[1]))
    import os; os.rename(portfile + ".tmp", portfile)
    server.serve_forever()
    """#

  /// One request the server logged.
  struct Request: Decodable, Equatable {
    var path: String
    var status: Int
    var sha256: String
    /// Requests in flight when this one came, itself included.
    var inflight: Int
  }

  /// A running server and the directory it logs to.
  final class Server {
    let process = Process()
    let log: String
    let url: String

    /// Starts the server; it takes `admin` and the first line of `dir/pass` as the credentials.
    init(dir: String, admin: String) throws {
      log = dir + "/server.log"
      let portfile = dir + "/port"
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [
        "python3", "-c", UploadScriptRunTests.server, portfile, log, admin, dir + "/pass",
      ]
      try process.run()
      var port: String?
      for _ in 0..<500 where port == nil {
        port = try? String(contentsOfFile: portfile, encoding: .utf8)
        if port == nil { usleep(10_000) }
      }
      url = "http://127.0.0.1:" + (port ?? "0")
    }

    var requests: [Request] {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap {
        try? JSONDecoder().decode(Request.self, from: Data($0.utf8))
      }
    }

    deinit {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// What a run of the script left, and whether the password showed in any process's arguments.
  struct ScriptRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var passwordSeen: Bool
    var processesSeen: Int
  }

  /// Runs `sh upload.sh arguments…` in `dir`, reading every process's command line until it ends.
  static func runScript(_ dir: String, _ arguments: [String] = []) throws -> ScriptRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: shell)
    process.arguments = [dir + "/upload.sh"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    var environment = ProcessInfo.processInfo.environment
    environment["ZMIGRATE_UPLOAD_DELAY"] = "0"
    environment["TMPDIR"] = dir + "/tmp"
    try FileManager.default.createDirectory(atPath: dir + "/tmp", withIntermediateDirectories: true)
    environment["PATH"] = dir + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
    process.environment = environment
    let out = dir + "/stdout-\(UUID().uuidString)"
    let err = dir + "/stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
    let secret = Array(password.utf8)
    var seen = false
    var commandLines = Set<String>()
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    repeat {
      for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
      where entry.allSatisfy(\.isNumber) {
        guard let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else {
          continue
        }
        if bytes.count > 0 { commandLines.insert(entry + String(decoding: bytes, as: UTF8.self)) }
        if [UInt8](bytes).firstRange(of: secret) != nil { seen = true }
      }
      usleep(1_000)
      if Date() > deadline { kill(process.processIdentifier, SIGKILL) }
    } while process.isRunning
    process.waitUntilExit()
    return ScriptRun(
      status: process.terminationStatus,
      stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
      passwordSeen: seen, processesSeen: commandLines.count)
  }

  /// A batch-like directory: alice from `convert` with folders, contacts and tasks files; bob in
  /// two parts; carol's bundle named by its report; plus the password file and a fake zmmailbox.
  static func organisation(_ dir: String) throws {
    let out = dir + "/out"
    try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for (bundle, extra) in [
      ("out/alice@example.com.tgz", [String]()),
      ("out/mailbox.tgz", ["--user", "carol@example.com"]),
    ] {
      let run = try CommandRun.zmigrate(
        ["convert", Fixture.path("maildir"), "-o", bundle] + extra, in: dir)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let alice = try TestFiles.bytes(out + "/alice@example.com.tgz")
    try TestFiles.make(
      dir,
      [
        "out/bob@example.com.part001.tgz": alice,
        "out/bob@example.com.part002.tgz": Array(alice.reversed()),
        "out/alice@example.com.folders.zmm": Array("createFolder /Empty\n".utf8),
        "out/alice@example.com-contacts.csv": Array("firstName,email\nA,a@example.com\n".utf8),
        "out/alice@example.com-tasks.ics": Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8),
        "pass": Array((password + "\n").utf8),
        "bin/zmmailbox": Array("#!/bin/sh\necho \"$*\" >>\"$0.log\"\ncat >>\"$0.log\"\n".utf8),
      ])
    chmod(dir + "/pass", 0o600)
    chmod(dir + "/bin/zmmailbox", 0o755)
  }

  static func writeScript(_ dir: String, server: String, jobs: String = "2") throws -> CommandRun {
    try CommandRun.zmigrate(
      [
        "upload-script", "out", "--server", server, "--admin", "admin@example.com", "--passfile",
        "pass", "--output", "upload.sh", "--jobs", jobs,
      ], in: dir)
  }

  @Test func everyFileArrivesOnceThroughRetriesAndAReRunSendsNothing() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let dir = temp.path
    try Self.organisation(dir)
    let server = try Server(dir: dir, admin: "admin@example.com")
    let written = try Self.writeScript(dir, server: server.url)
    #expect(written.status == 0, "\(written.stderr)")
    let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/upload.sh")
    #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o111 != 0 } == true)

    let dry = try Self.runScript(dir, ["--dry-run"])
    #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
    #expect(dry.stdout.contains("dry run: 7 to send, 0 skipped"), "\(dry.stdout)")
    #expect(dry.stdout.contains("zmmailbox -z -m alice@example.com <"))
    #expect(server.requests.isEmpty)

    let run = try Self.runScript(dir)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(
      run.stdout.contains("summary: 7 sent, 0 sent with warnings, 0 skipped"), "\(run.stdout)")
    #expect(!run.passwordSeen && run.processesSeen > 0)
    let accepted = server.requests.filter { $0.status == 200 }
    func digest(_ name: String) throws -> String {
      SHA256.hash(try TestFiles.bytes(dir + "/out/" + name)).hex
    }
    let bob = "/home/bob@example.com/?fmt=tgz&resolve=skip&callback=zmigrateUpload"
    #expect(
      accepted.filter { $0.path == bob }.map(\.sha256)
        == [try digest("bob@example.com.part001.tgz"), try digest("bob@example.com.part002.tgz")])
    let expected: [String: String] = [
      "/home/alice@example.com/?fmt=tgz&resolve=skip&callback=zmigrateUpload":
        try digest("alice@example.com.tgz"),
      "/home/alice@example.com/Contacts?fmt=csv&callback=zmigrateUpload":
        try digest("alice@example.com-contacts.csv"),
      "/home/alice@example.com/Tasks?fmt=ics&callback=zmigrateUpload":
        try digest("alice@example.com-tasks.ics"),
      "/home/carol@example.com/?fmt=tgz&resolve=skip&callback=zmigrateUpload":
        try digest("mailbox.tgz"),
    ]
    for (path, sha) in expected {
      #expect(accepted.filter { $0.path == path }.map(\.sha256) == [sha], "\(path)")
    }
    #expect(accepted.count == 6)
    // --jobs 2: two users at a time, never more.
    #expect(server.requests.map(\.inflight).max() == 2)
    // Each path saw a 503 and a dropped connection first.
    #expect(server.requests.filter { $0.status == 503 }.count == 5)
    let zmmailbox = try String(contentsOfFile: dir + "/bin/zmmailbox.log", encoding: .utf8)
    #expect(zmmailbox == "-z -m alice@example.com\ncreateFolder /Empty\n")
    let done = try String(contentsOfFile: dir + "/upload.done", encoding: .utf8)
    #expect(done.split(separator: "\n").count == 7)

    let before = server.requests.count
    let again = try Self.runScript(dir)
    #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    #expect(
      again.stdout.contains("summary: 0 sent, 0 sent with warnings, 7 skipped"), "\(again.stdout)")
    #expect(server.requests.count == before)

    for name in ["upload.sh", "upload.done", "upload.log"] {
      let text = String(decoding: try TestFiles.bytes(dir + "/" + name), as: UTF8.self)
      #expect(!text.contains(Self.password) && !text.contains("Pa55"), "\(name)")
    }
    for text in [dry.stdout, dry.stderr, run.stdout, run.stderr, again.stdout, written.stdout] {
      #expect(!text.contains("Pa55"))
    }
    // The private temporary directory (with the curl config) is gone.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp").isEmpty)
  }

  @Test func failuresAreNamedAndTheExitStatusIsOne() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let dir = temp.path
    try Self.organisation(dir)
    let alice = try TestFiles.bytes(dir + "/out/alice@example.com.tgz")
    try TestFiles.make(
      dir,
      [
        "out/fail@example.com.tgz": alice, "out/refused@example.com.tgz": alice,
        "out/warn@example.com.tgz": alice,
      ])
    let server = try Server(dir: dir, admin: "admin@example.com")
    #expect(try Self.writeScript(dir, server: server.url, jobs: "3").status == 0)
    // Changed after the script was written: refused unsent.
    try TestFiles.make(dir, ["out/mailbox.tgz": [1, 2, 3]])
    let run = try Self.runScript(dir)
    #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
    #expect(
      run.stdout.contains(
        "summary: 6 sent, 1 sent with warnings, 0 skipped (already in upload.done), 3 failed, 3 users not finished"
      ), "\(run.stdout)")
    #expect(
      run.stdout.contains("failed: fail@example.com fail@example.com.tgz: HTTP 500 after 1 attempt")
    )
    #expect(run.stdout.contains("failed: refused@example.com refused@example.com.tgz: HTTP 403"))
    #expect(run.stdout.contains("failed: carol@example.com mailbox.tgz: changed since"))
    // A fault is an answer, not an outage: not retried.
    #expect(server.requests.filter { $0.path.hasPrefix("/home/fail@") }.count == 1)
    // Items the server left out are reported, and not sent again: sending would not help.
    #expect(
      run.stdout.contains(
        "warning: warn@example.com warn@example.com.tgz: HTTP 200, 1 attempt; the server left items out"
      ))
    let done = try String(contentsOfFile: dir + "/upload.done", encoding: .utf8)
    #expect(!done.contains("fail@") && !done.contains("refused@") && !done.contains("carol@"))
    #expect(done.contains("warn@example.com\tbundle\twarn@example.com.tgz\t"))

    // A wrong password: every item fails with 401, nothing is recorded.
    try TestFiles.make(dir, ["pass": Array("wrong\n".utf8)])
    try FileManager.default.removeItem(atPath: dir + "/upload.done")
    let wrong = try Self.runScript(dir)
    #expect(wrong.status == 1)
    #expect(wrong.stdout.contains("HTTP 401"))
    let redone = (try? String(contentsOfFile: dir + "/upload.done", encoding: .utf8)) ?? ""
    #expect(!redone.contains(".tgz") && !redone.contains(".csv"))
  }

  @Test func commandChecksItsArguments() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let dir = temp.path
    try TestFiles.make(dir, ["out/alice@example.com.tgz": [1], "pass": Array("secret\n".utf8)])
    chmod(dir + "/pass", 0o644)
    // A password file behind a link is taken (zmigrate looks at the file, not the link).
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "pass")
    let linked = try CommandRun.zmigrate(
      [
        "upload-script", "out", "--server", "https://m", "--admin", "a", "--passfile", "link",
        "-o", "z.sh",
      ], in: dir)
    #expect(linked.status == 0, "\(linked.stderr)")
    let wide = try Self.writeScript(dir, server: "https://mail.example.com")
    #expect(wide.status == 0, "\(wide.stderr)")
    #expect(wide.stderr.contains("readable by others"))
    #expect(!wide.stderr.contains("secret"))
    let script = try String(contentsOfFile: dir + "/upload.sh", encoding: .utf8)
    #expect(script.contains("PASSFILE='\(dir)/pass'") && !script.contains("secret"))
    // Without zmmailbox on PATH the folders file fails that user, with a message that says so.
    try TestFiles.make(dir, ["out/alice@example.com.folders.zmm": Array("createFolder /X\n".utf8)])
    #expect(try Self.writeScript(dir, server: "http://127.0.0.1:9").status == 0)
    let dry = try Self.runScript(dir, ["--dry-run"])
    #expect(dry.stdout.contains("zmmailbox is not on PATH here: it would fail"), "\(dry.stdout)")
    let noZmmailbox = try Self.runScript(dir)
    #expect(noZmmailbox.status == 1)
    #expect(noZmmailbox.stdout.contains("zmmailbox is not on PATH"), "\(noZmmailbox.stdout)")
    let listed = try CommandRun.zmigrate(
      [
        "upload-script", "out", "--server", "https://m", "--admin", "a", "--passfile", "pass",
        "-o", "y.sh", "--dry-run",
      ], in: dir)
    #expect(listed.status == 0)
    #expect(
      listed.stdout.contains("alice@example.com\tbundle\t\(dir)/out/alice@example.com.tgz\t1\n"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/y.sh"))
    let missing = try CommandRun.zmigrate(
      [
        "upload-script", "out", "--server", "https://m", "--admin", "a", "--passfile", "nope",
        "-o", "x.sh",
      ], in: dir)
    #expect(missing.status == 2 && missing.stderr.contains("nope"))
    let badServer = try CommandRun.zmigrate(
      [
        "upload-script", "out", "--server", "m", "--admin", "a", "--passfile", "pass", "-o", "x.sh",
      ],
      in: dir)
    #expect(badServer.status == 2)
  }
}
