import Foundation

/// Runs `python3` with a script and arguments; nil when python3 cannot be started.
func runContactsPython(_ script: String, _ arguments: [String] = []) throws -> (
  status: Int32, stdout: Data, stderr: String
)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", script] + arguments
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  do { try process.run() } catch { return nil }
  let data = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  if process.terminationStatus == 127 { return nil }
  return (process.terminationStatus, data, String(decoding: errData, as: UTF8.self))
}

/// Whether `python3 -c "import <module>"` works.
func contactsPythonHas(_ module: String) -> Bool {
  guard let r = try? runContactsPython("import \(module)") else { return false }
  return r.status == 0
}
