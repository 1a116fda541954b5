import ArgumentParser
import Foundation
import Migration

/// `zmigrate report`: the batch reports of several shards merged into one.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge the report.json of batch shards (DIR1 DIR2 ...) into one report.json.",
    discussion: """
      Each DIR is the --output of one 'zmigrate batch --shard K/N'. A user found in two shards is an error \
      (the shards overlap). Exit status: 0 every user complete; 1 some failed or had items left out; \
      2 a report is missing or unreadable.
      """)

  @Argument(help: "The shards' output directories.", completion: .directory)
  var directories: [String]

  @Option(name: .shortAndLong, help: "Where to write the merged report.json.")
  var output: String

  @Flag(help: "Print the merged report as JSON.")
  var json = false

  func run() throws {
    let merged: BatchReport
    do {
      merged = try BatchReport.merge(directories.map { ($0, try BatchReport.read(directory: $0)) })
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
      try merged.write(directory: output)
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(merged)
    } else {
      print(
        "\(merged.userCount) users in \(directories.count) reports: \(merged.complete) complete, \(merged.withSkippedItems) with items left out, \(merged.failed) failed; \(merged.messagesWritten) messages"
      )
      print("report: \(output)/report.json")
    }
    if merged.hasProblems { throw ExitCode(1) }
  }
}
