// zmigrate-bench: throughput and peak memory of zmigrate against tar/gzip (and the C splitters
// when installed), all run in the same session over the same generated corpus.
//
//   swift run -c release zmigrate-bench [--size 1G] [--corpus DIR] [--runs 3] [--keep]
//   ... --peers [--size 200M] [--runs 5]   (tgz vs pigz, folder vs mdeliver, alternating; PeerBench)
//   ... --memory [--memory-sizes 200M,1G]  (peak RSS per format vs 32 MiB + largest; MemoryBench)
//   ... --export | --batch                 (ExportBench, BatchBench)
//
// The corpus comes from ../shared/tools/gen_corpus.py (deterministic: same --size and --seed give
// the same bytes); --corpus reuses one already generated. Each command runs as a child process;
// wall time is measured around it and peak RSS comes from wait4's rusage of that child.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct Measurement {
  var seconds: Double
  var maxRSSKiB: Int
  var status: Int32
}

func run(_ argv: [String], stdout: String? = nil) -> Measurement {
  var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(
    &actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  var pid: pid_t = 0
  let cArgs = argv.map { strdup($0) } + [nil]
  defer { for p in cArgs { free(p) } }
  let start = DispatchTime.now().uptimeNanoseconds
  let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
  guard rc == 0 else { return Measurement(seconds: 0, maxRSSKiB: 0, status: -1) }
  var status: Int32 = 0
  var usage = rusage()
  wait4(pid, &status, 0, &usage)
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  return Measurement(seconds: seconds, maxRSSKiB: usage.ru_maxrss, status: (status >> 8) & 0xff)
}

func sh(_ command: String) -> Measurement { run(["/bin/sh", "-c", command]) }

/// `all.mbox` of a corpus generated (mbox only) into `directory` by gen_corpus.py, made on first
/// use and kept for later runs; nil when the generator fails.
func generatedMbox(generator: String, directory: String, size: String, seed: Int) -> String? {
  let path = directory + "/all.mbox"
  if !FileManager.default.fileExists(atPath: path) {
    let made = run([
      "python3", generator, "--out", directory, "--size", size, "--seed", String(seed),
      "--no-maildir",
    ])
    guard made.status == 0 else { return nil }
  }
  return FileManager.default.fileExists(atPath: path) ? path : nil
}

func fileSize(_ path: String) -> Int64 {
  ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}

func treeMessageBytes(_ root: String) -> (Int64, Int) {
  var total: Int64 = 0
  var count = 0
  let walker = FileManager.default.enumerator(atPath: root)
  while let relative = walker?.nextObject() as? String {
    let components = relative.split(separator: "/")
    guard components.count >= 2, ["cur", "new"].contains(String(components[components.count - 2]))
    else { continue }
    total += fileSize(root + "/" + relative)
    count += 1
  }
  return (total, count)
}

var size = "1G"
var corpus: String? = nil
var runs = 3
var keep = false
var accountsOnly = false
var level = 1
var batchMode = false
var exportMode = false
var peersMode = false
var memoryMode = false
var memorySizes = ["200M", "1G"]
var batchSmall = 1000
var batchLarge = 10
var batchLargeSize = "200M"
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
  switch arg {
  case "--size": size = args.popFirst() ?? size
  case "--corpus": corpus = args.popFirst()
  case "--runs": runs = Int(args.popFirst() ?? "") ?? runs
  case "--level": level = Int(args.popFirst() ?? "") ?? level
  case "--keep": keep = true
  case "--accounts-only": accountsOnly = true
  case "--batch": batchMode = true
  case "--export": exportMode = true
  case "--peers": peersMode = true
  case "--memory": memoryMode = true
  case "--memory-sizes":
    memorySizes = (args.popFirst() ?? "").split(separator: ",").map(String.init)
  case "--batch-small": batchSmall = Int(args.popFirst() ?? "") ?? batchSmall
  case "--batch-large": batchLarge = Int(args.popFirst() ?? "") ?? batchLarge
  case "--batch-large-size": batchLargeSize = args.popFirst() ?? batchLargeSize
  case "-h", "--help":
    print(
      "usage: zmigrate-bench [--size 1G] [--corpus DIR] [--runs 3] [--level 1] [--keep] [--accounts-only] [--batch [--batch-small 1000] [--batch-large 10] [--batch-large-size 200M]] [--export [--size 1G] [--corpus MBOX]]"
    )
    exit(0)
  default:
    FileHandle.standardError.write(Data("unknown argument \(arg)\n".utf8))
    exit(2)
  }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("zmigrate").path
guard FileManager.default.isExecutableFile(atPath: binary) else {
  print(
    "zmigrate binary not found beside the benchmark (\(binary)); run `swift build -c release` first"
  )
  exit(2)
}
let scratch = packageRoot + "/bench-out"
/// The corpus generator beside the checkout.
let generator =
  URL(fileURLWithPath: packageRoot).deletingLastPathComponent().path
  + "/shared/tools/gen_corpus.py"
try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
if exportMode {
  var bench = ExportBench(
    binary: binary, scratch: scratch, generator: generator)
  bench.size = size
  bench.runs = runs
  bench.corpus = corpus
  bench.measure()
  exit(0)
}
if memoryMode {
  MemoryBench(
    binary: binary, scratch: scratch, generator: generator, sizes: memorySizes
  ).measure()
  exit(0)
}
if batchMode {
  var bench = BatchBench(
    binary: binary, scratch: scratch, generator: generator)
  bench.smallUsers = batchSmall
  bench.largeUsers = batchLarge
  bench.largeSize = batchLargeSize
  bench.runs = runs
  bench.measure()
  exit(0)
}
/// The corpus directory (`--corpus`, or `corpus-<size>` under the scratch directory, generated
/// with ../shared/tools/gen_corpus.py when it is not there yet).
@MainActor func ensureCorpus() -> String {
  let corpusDir = URL(fileURLWithPath: corpus ?? scratch + "/corpus-\(size)").standardizedFileURL
    .path
  if !FileManager.default.fileExists(atPath: corpusDir + "/manifest.tsv") {
    guard FileManager.default.fileExists(atPath: generator) else {
      print("no corpus at \(corpusDir) and no generator at \(generator); pass --corpus DIR")
      exit(2)
    }
    print("generating \(size) corpus into \(corpusDir) ...")
    let m = run(["python3", generator, "--out", corpusDir, "--size", size])
    guard m.status == 0 else {
      print("generator failed")
      exit(2)
    }
    print(String(format: "generated in %.1f s", m.seconds))
  }
  return corpusDir
}
if peersMode {
  PeerBench(binary: binary, scratch: scratch, mbox: ensureCorpus() + "/all.mbox", runs: runs)
    .measure()
  exit(0)
}
// Accounts: 100,000 generated records (deterministic), converted to each bulk-create form.
let accountsFile = scratch + "/accounts-100k.csv"
if !FileManager.default.fileExists(atPath: accountsFile) {
  var text = "email,password,displayName,givenName,sn,quota,aliases,cos\n"
  var state: UInt64 = 42
  func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 33
  }
  let given = [
    "Anna", "Björn", "Chloé", "Dmitri", "Eve", "François", "Grace", "Hiro", "Ines", "José",
  ]
  let family = [
    "Archer", "Ångström", "O'Brien", "Müller", "Nakamura", "Smith, Jr.", "da Silva", "Łukasz",
  ]
  for i in 0..<100_000 {
    let g = given[Int(next() % UInt64(given.count))]
    let f = family[Int(next() % UInt64(family.count))]
    let password = String(next(), radix: 36) + "!" + String(next() % 1000)
    text +=
      "user\(i)@example.com,\(password),\"\(g) \(f)\",\(g),\"\(f)\",\(1 + i % 10)G,alias\(i)@example.com,default\n"
  }
  guard FileManager.default.createFile(atPath: accountsFile, contents: Data(text.utf8)) else {
    print("cannot write \(accountsFile)")
    exit(2)
  }
}
print("accounts: 100,000 records in \(accountsFile) (\(fileSize(accountsFile)) bytes)")
for (name, outputName) in [
  ("zmprov", "acc.zmp"), ("admin CSV", "acc.csv"), ("ZCSImport XML", "acc.xml"),
] {
  var times: [Double] = []
  var rss = 0
  for _ in 0..<max(1, runs) {
    let m = run([binary, "accounts", accountsFile, "--output", scratch + "/" + outputName])
    times.append(m.seconds)
    rss = max(rss, m.maxRSSKiB)
  }
  times.sort()
  print(
    String(
      format: "zmigrate accounts 100k -> %@: %.2f s, peak RSS %.1f MiB", name,
      times[times.count / 2], Double(rss) / 1024))
  if !keep { try? FileManager.default.removeItem(atPath: scratch + "/" + outputName) }
}
if accountsOnly { exit(0) }
print("")

let corpusDir = ensureCorpus()
let mbox = corpusDir + "/all.mbox"
let maildir = corpusDir + "/Maildir"
let mboxBytes = fileSize(mbox)
let (maildirBytes, maildirCount) = treeMessageBytes(maildir)
print(
  "corpus: \(corpusDir): all.mbox \(mboxBytes) bytes; Maildir \(maildirCount) messages, \(maildirBytes) bytes"
)
print(
  "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; runs per case: \(runs) (median shown)"
)
print(
  "peak RSS comes from wait4; it cannot read below the benchmark's own size (about 20 MiB), inherited before exec\n"
)

// An EML tree (Exchange-export style: Folder/Sub/N.eml) made of hard links to the Maildir files.
let emlTree = scratch + "/eml-tree-" + URL(fileURLWithPath: corpusDir).lastPathComponent
if !FileManager.default.fileExists(atPath: emlTree) {
  var n = 0
  let walker = FileManager.default.enumerator(atPath: maildir)
  while let relative = walker?.nextObject() as? String {
    let parts = relative.split(separator: "/").map(String.init)
    guard parts.count >= 2, ["cur", "new"].contains(parts[parts.count - 2]) else { continue }
    let folderPart =
      parts.count == 2 ? "Inbox" : parts[0].dropFirst().split(separator: ".").joined(separator: "/")
    let dir = emlTree + "/" + folderPart
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    n += 1
    link(maildir + "/" + relative, dir + "/\(n).eml")
  }
  print("made an EML tree of \(n) hard-linked .eml files in \(emlTree)")
}

struct Case {
  var name: String
  var inputBytes: Int64
  var command: [String]
  var cleanup: String
}
let out = scratch + "/out"
var cases: [Case] = [
  Case(
    name: "zmigrate mbox -> tgz (level \(level))", inputBytes: mboxBytes,
    command: [
      binary, "convert", mbox, "--output", out + "/m.tgz", "--compression-level", String(level),
    ], cleanup: "rm -f \(out)/m.tgz*"),
  Case(
    name: "zmigrate Dovecot Maildir -> tgz (level \(level))", inputBytes: maildirBytes,
    command: [
      binary, "convert", maildir, "--output", out + "/d.tgz", "--compression-level", String(level),
    ], cleanup: "rm -f \(out)/d.tgz*"),
  Case(
    name: "zmigrate EML tree -> tgz (level \(level))", inputBytes: maildirBytes,
    command: [
      binary, "convert", emlTree, "--output", out + "/e.tgz", "--compression-level", String(level),
    ], cleanup: "rm -f \(out)/e.tgz*"),
  Case(
    name: "zmigrate mbox -> zip (level \(level))", inputBytes: mboxBytes,
    command: [
      binary, "convert", mbox, "--output", out + "/m.zip", "--compression-level", String(level),
    ], cleanup: "rm -f \(out)/m.zip*"),
  Case(
    name: "zmigrate mbox -> tar", inputBytes: mboxBytes,
    command: [binary, "convert", mbox, "--output", out + "/m.tar"], cleanup: "rm -f \(out)/m.tar*"),
  Case(
    name: "zmigrate mbox -> folder", inputBytes: mboxBytes,
    command: [binary, "convert", mbox, "--output", out + "/mdir/"],
    cleanup: "rm -rf \(out)/mdir \(out)/mdir.*"),
  Case(
    name: "zmigrate Maildir -> tar", inputBytes: maildirBytes,
    command: [binary, "convert", maildir, "--output", out + "/d.tar"],
    cleanup: "rm -f \(out)/d.tar*"),
  Case(
    name: "yardstick: tar czf Maildir", inputBytes: maildirBytes,
    command: ["tar", "czf", out + "/ref.tgz", "-C", corpusDir, "Maildir"],
    cleanup: "rm -f \(out)/ref.tgz"),
  Case(
    name: "yardstick: gzip -1 all.mbox", inputBytes: mboxBytes,
    command: ["/bin/sh", "-c", "gzip -1 -c '\(mbox)' > '\(out)/ref.gz'"],
    cleanup: "rm -f \(out)/ref.gz"),
  Case(
    name: "yardstick: gzip -6 all.mbox", inputBytes: mboxBytes,
    command: ["/bin/sh", "-c", "gzip -6 -c '\(mbox)' > '\(out)/ref.gz'"],
    cleanup: "rm -f \(out)/ref.gz"),
]
if sh("command -v mdeliver >/dev/null").status == 0 {
  cases.append(
    Case(
      name: "peer: mblaze mdeliver -M (mbox -> Maildir)", inputBytes: mboxBytes,
      command: [
        "/bin/sh", "-c",
        "mkdir -p \(out)/mb/cur \(out)/mb/new \(out)/mb/tmp && mdeliver -M -c \(out)/mb < '\(mbox)'",
      ],
      cleanup: "rm -rf \(out)/mb"))
}
if sh("command -v mb2md >/dev/null").status == 0 {
  cases.append(
    Case(
      name: "peer: mb2md (mbox -> Maildir)", inputBytes: mboxBytes,
      command: ["/bin/sh", "-c", "mb2md -s '\(mbox)' -d \(out)/m2"], cleanup: "rm -rf \(out)/m2"))
}

print(
  "case".padding(toLength: 46, withPad: " ", startingAt: 0) + "   wall s     MB/s   peak RSS MiB")
var results: [(String, Double, Double)] = []
for c in cases {
  try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
  var times: [Double] = []
  var rss = 0
  var status: Int32 = 0
  for _ in 0..<max(1, runs) {
    _ = sh(c.cleanup)
    _ = sh("sync")
    let m = run(c.command)
    times.append(m.seconds)
    rss = max(rss, m.maxRSSKiB)
    if m.status > 1 || m.status < 0 { status = m.status }
  }
  if !keep { _ = sh(c.cleanup) }
  times.sort()
  let median = times[times.count / 2]
  let mbs = Double(c.inputBytes) / 1e6 / median
  results.append((c.name, median, mbs))
  let line =
    c.name.padding(toLength: 46, withPad: " ", startingAt: 0)
    + String(format: " %8.2f %8.1f %10.1f", median, mbs, Double(rss) / 1024)
    + (status != 0 ? "  (exit \(status))" : "")
  print(line)
}
if let tarRef = results.first(where: { $0.0.hasPrefix("yardstick: tar czf") }) {
  print("")
  for r in results where r.0.hasPrefix("zmigrate") {
    print(String(format: "%@: %.1fx tar czf", r.0, r.2 / tarRef.2))
  }
}
