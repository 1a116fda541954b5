import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Follows one walk of a source: the terminal line of a single command, or one user's share of
/// a batch display.
public protocol ProgressReporting: AnyObject {
  /// Called after each message with the totals so far and the folder being read.
  func update(messages: Int, bytes: Int64, folder: String)
  /// Called once when the walk ends (also on error).
  func finish()
}

/// A one-line progress display on stderr (messages, MB, MB/s), shown only when stderr is a terminal.
public final class ProgressPrinter: ProgressReporting {
  private let started = Date()
  private var lastPrint = Date.distantPast
  private let label: String
  private var printedAnything = false

  /// A printer, or nil when stderr is not a terminal (plain logs stay clean).
  public static func forTerminal(label: String) -> ProgressPrinter? {
    isatty(2) != 0 ? ProgressPrinter(label: label) : nil
  }

  init(label: String) { self.label = label }

  /// Redraws the line at most five times a second.
  public func update(messages: Int, bytes: Int64, folder: String) {
    let now = Date()
    guard now.timeIntervalSince(lastPrint) >= 0.2 else { return }
    lastPrint = now
    let seconds = max(now.timeIntervalSince(started), 0.001)
    let mb = Double(bytes) / 1_000_000
    let shown = folder.count > 30 ? "…" + folder.suffix(29) : folder
    let line = String(
      format: "\r%@ %d messages, %.1f MB, %.1f MB/s  %@\u{1B}[K", label, messages, mb, mb / seconds,
      shown)
    FileHandle.standardError.write(Data(line.utf8))
    printedAnything = true
  }

  /// Ends the line.
  public func finish() {
    if printedAnything { FileHandle.standardError.write(Data("\n".utf8)) }
    printedAnything = false
  }
}
