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

/// Messages, times and trees for the EML, emlx and mixed-tree tests.
extension TestFiles {
  /// A copy of `Fixtures/<relative>` in a fresh temporary directory, named `copy`, every regular
  /// file's mtime set to `mtime` (git does not keep mtimes).
  static func fixtureCopy(_ relative: String, mtime: Int64) throws -> (TemporaryDirectory, String) {
    let (temp, root) = try copyFixture(relative, as: "copy")
    try setMtimes(below: root) { _ in mtime }
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
