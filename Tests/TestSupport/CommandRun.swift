import Foundation

/// Runs the `zmigrate` binary this test run built and captures what it prints.
public struct CommandRun: Sendable {
  /// Thrown when the binary is not in this test run's build directory.
  public struct Missing: Error, CustomStringConvertible {
    /// Where the binary was looked for, when the build directory is known.
    public var expectedPath: String?

    /// Says where the binary was expected.
    public var description: String {
      "zmigrate binary not found at \(expectedPath ?? "<unknown build directory>"); "
        + "build it with `swift build --build-tests` before `swift test --skip-build`"
    }
  }

  /// The exit status.
  public var status: Int32
  /// Standard output as text.
  public var stdout: String
  /// Standard error as text.
  public var stderr: String

  /// The build directory of this test run: the folder that holds the test bundle
  /// (`<Package>PackageTests.xctest`), found from the running process, never a guessed path.
  public static let buildDirectory: URL? = {
    // macOS loads the bundle into a runner process; Linux runs the bundle as the executable.
    if let bundle = Bundle.allBundles.first(where: { $0.bundleURL.pathExtension == "xctest" }) {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath(),
      executable.pathExtension == "xctest"
    else { return nil }
    return executable.deletingLastPathComponent()
  }()

  /// The `zmigrate` executable beside the test bundle, or nil when it is not there.
  public static let binary: String? = {
    guard let path = buildDirectory?.appendingPathComponent("zmigrate").path,
      FileManager.default.isExecutableFile(atPath: path)
    else { return nil }
    return path
  }()

  /// Whether the tests run in CI (`CI=true`), where a missing binary is a failure, not a skip.
  public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

  /// Whether the command-line tests should run: the binary is there, or CI requires it.
  public static let enabled = binary != nil || isCI

  /// Runs `zmigrate arguments…` in `directory`; throws `Missing` when the binary was not built.
  public static func zmigrate(_ arguments: [String], in directory: String) throws -> CommandRun {
    guard let binary else {
      throw Missing(expectedPath: buildDirectory?.appendingPathComponent("zmigrate").path)
    }
    let run = try ExternalProgram.run(binary, arguments, in: directory)
    return CommandRun(
      status: run.status, stdout: String(decoding: run.output, as: UTF8.self), stderr: run.errors)
  }
}

extension CommandRun {
  /// Starts `zmigrate arguments…` in `directory` and returns at once, output discarded: for
  /// tests that signal or kill the run. Throws `Missing` when the binary was not built.
  public static func start(_ arguments: [String], in directory: String) throws -> Process {
    guard let binary else {
      throw Missing(expectedPath: buildDirectory?.appendingPathComponent("zmigrate").path)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }
}

/// A large mbox of generated messages (deterministic for a seed), for runs that must last long
/// enough to be watched or interrupted.
public enum GeneratedMbox {
  /// `messages` messages of `lines` pseudo-random lines each, written to `path`.
  public static func write(to path: String, messages: Int, lines: Int, seed: UInt64) throws {
    var text = ""
    var state = seed
    for number in 0..<messages {
      text += "From sender@example.com Mon Jan  1 00:00:00 2024\n"
      text += "From: sender@example.com\nSubject: message \(number)\n\n"
      for _ in 0..<lines {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += String(state, radix: 36) + " " + String(state >> 7, radix: 36) + " words\n"
      }
      text += "\n"
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }
}
