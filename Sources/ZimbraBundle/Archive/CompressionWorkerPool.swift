import Foundation

/// A piece of work a compression worker runs with its own `DeflateCompressor`.
protocol CompressionJob: AnyObject, SendableMetatype {
  /// Set by the pool under its lock when the job has run.
  var isDone: Bool { get set }
  /// Runs on a worker thread; `compressor` is nil when the worker could not set one up.
  func compress(with compressor: DeflateCompressor?)
}

/// Worker threads that compress submitted jobs (gzip blocks, zip entries); completion is
/// signalled through one condition, so the producer can wait for the oldest job in order.
final class CompressionWorkerPool<Job: CompressionJob>: @unchecked Sendable {
  // All mutable state is guarded by `condition`.
  private let condition = NSCondition()
  private var queue: [Job] = []
  private var shuttingDown = false

  init(threads: Int, level: Int, name: String) {
    for index in 0..<threads {
      let thread = Thread { [self] in self.runWorker(level: level) }
      thread.name = "zmigrate-\(name)-\(index)"
      thread.start()
    }
  }

  func submit(_ job: Job) {
    condition.lock()
    job.isDone = false
    queue.append(job)
    condition.broadcast()
    condition.unlock()
  }

  func isDone(_ job: Job) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return job.isDone
  }

  func waitUntilDone(_ job: Job) {
    condition.lock()
    while !job.isDone { condition.wait() }
    condition.unlock()
  }

  /// Stops the workers after the job each is running; queued jobs are dropped.
  func shutDown() {
    condition.lock()
    shuttingDown = true
    queue.removeAll()
    condition.broadcast()
    condition.unlock()
  }

  private func runWorker(level: Int) {
    let compressor = try? DeflateCompressor(level: level)
    while true {
      condition.lock()
      while queue.isEmpty && !shuttingDown { condition.wait() }
      if shuttingDown {
        condition.unlock()
        return
      }
      let job = queue.removeFirst()
      condition.unlock()

      job.compress(with: compressor)

      condition.lock()
      job.isDone = true
      condition.broadcast()
      condition.unlock()
    }
  }
}
