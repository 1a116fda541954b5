import Foundation

/// Runs another program (tar, unzip, python3, java, the built `zmigrate`) to check our output
/// independently.
public enum ExternalProgram {
  /// What a run left: its exit status, standard output, and standard error as text.
  public struct Run: Sendable {
    /// The exit status (127 from `/usr/bin/env` when the program is not installed).
    public var status: Int32
    /// Everything the program wrote to standard output.
    public var output: Data
    /// Everything the program wrote to standard error, decoded as UTF-8.
    public var errors: String
  }

  /// Runs `executable` with a UTF-8 locale plus `environment`, in `directory` when given. Both
  /// output streams are collected through files, so big listings never block on a full pipe.
  @discardableResult
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment extra: [String: String] = [:]
  ) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C.UTF-8"
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let temporary = FileManager.default.temporaryDirectory
    let outputURL = temporary.appendingPathComponent("zmigrate-out-\(UUID().uuidString)")
    let errorsURL = temporary.appendingPathComponent("zmigrate-err-\(UUID().uuidString)")
    try Data().write(to: outputURL)
    try Data().write(to: errorsURL)
    defer {
      try? FileManager.default.removeItem(at: outputURL)
      try? FileManager.default.removeItem(at: errorsURL)
    }
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorsURL)
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    try? output.close()
    try? errors.close()
    return Run(
      status: process.terminationStatus,
      output: (try? Data(contentsOf: outputURL)) ?? Data(),
      errors: String(decoding: (try? Data(contentsOf: errorsURL)) ?? Data(), as: UTF8.self))
  }

}
