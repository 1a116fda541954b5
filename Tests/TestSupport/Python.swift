import Foundation

/// Runs `python3` (the first on `PATH`) as an independent checker of our output, and says once per
/// test run which of the modules those checks import it has.
public enum Python {
  /// Why a Python check failed: python3 could not start, the script exited non-zero or crashed, or
  /// its output was not what the test could read. Thrown, so the test fails with the details.
  public struct Failure: Error, CustomStringConvertible {
    /// What went wrong, in a few words.
    public var reason: String
    /// The run, when python3 started.
    public var run: ExternalProgram.Run?

    /// The reason, then the script's exit status, standard error and the start of its output.
    public var description: String {
      guard let run else { return reason }
      let output = String(decoding: run.output.prefix(2_000), as: UTF8.self)
      return
        "\(reason) (python3 exit status \(run.status))\nstderr:\n\(run.errors)\nstdout:\n\(output)"
    }
  }

  /// Whether `python3` starts at all.
  public static let isPresent = hasModules([])
  /// Whether python3 imports `icalendar` (`pip install icalendar`).
  public static let hasICalendar = hasModules(["icalendar"])
  /// Whether python3 imports `vobject` (`pip install vobject`).
  public static let hasVobject = hasModules(["vobject"])
  /// Whether python3 imports `dateutil` (`pip install python-dateutil`).
  public static let hasDateutil = hasModules(["dateutil"])

  /// Whether python3 starts and imports every module in `modules`.
  public static func hasModules(_ modules: [String]) -> Bool {
    let script = modules.map { "import \($0)\n" }.joined()
    guard let run = try? ExternalProgram.run("/usr/bin/env", ["python3", "-c", script]) else {
      return false
    }
    return run.status == 0
  }

  /// Runs `python3 -c script arguments…` with `environment` added; throws a `Failure` holding the
  /// script's standard error when python3 cannot start or the script does not exit with 0.
  @discardableResult
  public static func run(
    _ script: String, _ arguments: [String] = [], environment: [String: String] = [:]
  ) throws -> ExternalProgram.Run {
    let run = try ExternalProgram.run(
      "/usr/bin/env", ["python3", "-c", script] + arguments, environment: environment)
    if run.status == 127 { throw Failure(reason: "python3 is not on PATH", run: run) }
    if run.status != 0 { throw Failure(reason: "the Python script failed", run: run) }
    return run
  }

  /// Runs the script like `run(_:_:environment:)` and decodes its standard output as JSON;
  /// throws a `Failure` with the output when it is not a `T`.
  public static func json<T: Decodable>(
    _ type: T.Type, _ script: String, _ arguments: [String] = []
  ) throws -> T {
    let run = try run(script, arguments)
    do {
      return try JSONDecoder().decode(type, from: run.output)
    } catch {
      throw Failure(
        reason: "the Python script's output is not the JSON expected: \(error)", run: run)
    }
  }

  /// Runs the script like `run(_:_:environment:)` and parses its standard output with
  /// `JSONSerialization`, for results of mixed types; throws a `Failure` when it is not JSON.
  public static func jsonObject(_ script: String, _ arguments: [String] = []) throws -> Any {
    let run = try run(script, arguments)
    do {
      return try JSONSerialization.jsonObject(with: run.output)
    } catch {
      throw Failure(reason: "the Python script's output is not JSON: \(error)", run: run)
    }
  }
}
