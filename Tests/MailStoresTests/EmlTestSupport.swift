import Foundation
import MailModel
import MailStores
import TestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Everything one read of an EML or emlx tree produced, with look-ups for the tests.
struct EmlRun {
  var messages: [Message]
  var diagnostics: [Diagnostic]

  /// Reads `root` with `reader` made from it.
  static func read(_ reader: some MailStoreReader) throws -> EmlRun {
    var messages: [Message] = []
    var diagnostics: [Diagnostic] = []
    try reader.readMessages(diagnostics: { diagnostics.append($0) }, { messages.append($0) })
    return EmlRun(messages: messages, diagnostics: diagnostics)
  }

  static func tree(_ root: String, _ options: ReadOptions = ReadOptions()) throws -> EmlRun {
    try read(EmlTreeReader(root: root, options: options))
  }

  static func emlx(_ root: String, _ options: ReadOptions = ReadOptions()) throws -> EmlRun {
    try read(EmlxReader(root: root, options: options))
  }

  func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code == code } }

  /// The diagnostics' codes with how often each occurs.
  var codeCounts: [String: Int] {
    Dictionary(diagnostics.map { ($0.code, 1) }, uniquingKeysWith: +)
  }

  /// The message whose `Subject:` is `subject`.
  func message(_ subject: String) -> Message? { messages.first { EmlRun.subject($0) == subject } }

  /// The subjects in reading order.
  var subjects: [String] { messages.map { EmlRun.subject($0) ?? "?" } }

  static func subject(_ message: Message) -> String? {
    HeaderSection.value(of: "Subject", in: message.bytes)
  }

  /// Whether some diagnostic with `code` is located at a file whose path ends with `suffix`.
  func has(_ code: String, at suffix: String) -> Bool {
    diagnostics(code).contains { $0.location.file.hasSuffix(suffix) }
  }
}

/// Files and folders made on the fly for one test.
enum EmlTestFiles {
  static func bytes(_ path: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// Creates `files` (relative path → contents) below `root`, with their directories.
  static func make(_ root: String, _ files: [String: [UInt8]]) throws {
    for (relative, bytes) in files {
      let url = URL(fileURLWithPath: root + "/" + relative)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
  }

  static func setMtime(_ path: String, _ seconds: Int64) throws {
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds))], ofItemAtPath: path)
  }

  /// A copy of `Fixtures/<relative>` in a fresh temporary directory, every regular file's mtime
  /// set to `mtime` (git does not keep mtimes).
  static func fixtureCopy(_ relative: String, mtime: Int64) throws -> (TemporaryDirectory, String) {
    let temp = try TemporaryDirectory()
    let root = temp.path + "/copy"
    try FileManager.default.copyItem(atPath: Fixture.path(relative), toPath: root)
    for file in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        try setMtime(root + "/" + file, mtime)
      }
    }
    return (temp, root)
  }

  /// A small RFC 822 message.
  static func mail(
    _ subject: String, headers: String = "", date: String? = "Tue, 03 Jan 2023 09:00:00 +0000"
  )
    -> [UInt8]
  {
    var text = "From: a@example.org\nTo: b@example.org\nSubject: \(subject)\n"
    if let date { text += "Date: \(date)\n" }
    text += headers + "\nbody of \(subject)\n"
    return Array(text.utf8)
  }

  /// Seconds since the epoch for a UTC time.
  static func utc(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0
  ) -> Int64 {
    MailDate.epoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
  }

  /// The first 8 bytes of every OLE compound file, then some junk.
  static let compoundFile: [UInt8] =
    [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0x42, count: 100)
}
