import Foundation
import Migration

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The live display of `zmigrate batch` on a terminal (stderr): redrawn four times a second from
/// `BatchProgress`, with lines that must stay (a user that failed) printed above it.
final class BatchDisplay: @unchecked Sendable {
  let progress = BatchProgress()
  private let lock = NSLock()
  private var drawn = 0
  private var timer: DispatchSourceTimer?

  /// A display when stderr is a terminal and the output is not JSON; nil otherwise.
  static func forTerminal(json: Bool) -> BatchDisplay? {
    !json && isatty(2) != 0 ? BatchDisplay() : nil
  }

  /// Draws now and then every quarter of a second until `finish`.
  func start() {
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now(), repeating: .milliseconds(250))
    timer.setEventHandler { [weak self] in self?.redraw() }
    self.timer = timer
    timer.resume()
  }

  /// Prints `line` above the display, which is drawn again below it.
  func printAbove(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    write(clear() + line + "\n" + block())
  }

  /// Draws the final state once more and leaves it on the screen.
  func finish() {
    timer?.cancel()
    timer = nil
    redraw()
  }

  private func redraw() {
    lock.lock()
    defer { lock.unlock() }
    write(clear() + block())
  }

  /// Moves up over the lines drawn last and clears to the end of the screen.
  private func clear() -> String {
    defer { drawn = 0 }
    return drawn > 0 ? "\u{1B}[\(drawn)A\r\u{1B}[J" : "\r\u{1B}[J"
  }

  private func block() -> String {
    // A line wider than the terminal would wrap and break the cursor-up count: cut it.
    var size = winsize()
    let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 1 ? Int(size.ws_col) : 80
    let lines = BatchProgress.lines(progress.snapshot()).map { String($0.prefix(columns - 1)) }
    drawn = lines.count
    return lines.map { $0 + "\n" }.joined()
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
