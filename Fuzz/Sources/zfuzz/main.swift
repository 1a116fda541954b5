import Foundation

/// A fuzz target: one input's bytes in, nothing out; it traps through `check` when an
/// invariant does not hold, which libFuzzer records as a crash.
typealias FuzzTarget = @Sendable ([UInt8]) -> Void

/// Every target, by the name `Fuzz/run` and `ZFUZZ_TARGET` use.
let targets: [(name: String, run: FuzzTarget)] = [
  ("mbox-split", fuzzMboxSplit),
  ("header", fuzzHeader),
  ("mutf7", fuzzModifiedUTF7),
  ("tar", fuzzTar),
  ("gzip", fuzzGzip),
  ("zip", fuzzZip),
  ("meta", fuzzMeta),
  ("folder-map", fuzzFolderMap),
  ("vcard", fuzzVCard),
  ("contact-csv", fuzzContactCSV),
  ("icalendar", fuzzICalendar),
  ("accounts", fuzzAccounts),
  ("dovecot", fuzzDovecot),
  ("maildir-name", fuzzMaildirName),
  ("mbox-read", fuzzMboxRead),
  ("emlx", fuzzEmlx),
  ("free-busy", fuzzFreeBusy),
  ("zmprov-quoting", fuzzZmprovQuoting),
  ("deflate-scan", fuzzDeflateScan),
  ("huffman-literals", fuzzHuffmanLiterals),
  ("msg", fuzzMsg),
  ("mapi-build", fuzzMapiBuild),
  ("compressed-rtf", fuzzCompressedRtf),
  ("rtf-body", fuzzRtfBody),
]

/// libFuzzer's driver, run with our own callback (the executable keeps its own `main`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

let name = ProcessInfo.processInfo.environment["ZFUZZ_TARGET"] ?? ""
if name == "--list" || name.isEmpty {
  for target in targets { print(target.name) }
  exit(name.isEmpty ? 2 : 0)
}
guard let target = targets.first(where: { $0.name == name }) else {
  FileHandle.standardError.write(Data("zfuzz: unknown target '\(name)'\n".utf8))
  exit(2)
}
/// The target run on each input.
nonisolated(unsafe) var selected: FuzzTarget = target.run

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(
  runFuzzerDriver(&argc, &argv) { data, size in
    selected(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
  })
