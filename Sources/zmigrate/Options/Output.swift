import ArgumentParser
import Foundation

/// Prints errors the way the command-line contract asks: to stderr, naming file and position.
func fail(_ error: Error) -> ExitCode {
  FileHandle.standardError.write(Data("zmigrate: error: \(error)\n".utf8))
  return ExitCode(2)
}

func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  FileHandle.standardOutput.write(try encoder.encode(value))
  FileHandle.standardOutput.write(Data("\n".utf8))
}

/// `reason n, reason n`, sorted by reason.
func countsByReason(_ counts: [String: Int]) -> String {
  counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
}

func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
