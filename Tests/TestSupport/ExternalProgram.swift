import Foundation

/// Runs another program (tar, unzip, python3, java) to check our output independently.
public enum ExternalProgram {
  /// Runs `executable` with a UTF-8 locale plus `environment`, and returns its exit status and
  /// standard output (collected through a file, so big listings never block on a full pipe).
  @discardableResult
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment extra: [String: String] = [:]
  ) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C.UTF-8"
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent(
      "zmigrate-out-\(UUID().uuidString)")
    try Data().write(to: outputURL)
    defer { try? FileManager.default.removeItem(at: outputURL) }
    let output = try FileHandle(forWritingTo: outputURL)
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try? output.close()
    return (process.terminationStatus, (try? Data(contentsOf: outputURL)) ?? Data())
  }
}
