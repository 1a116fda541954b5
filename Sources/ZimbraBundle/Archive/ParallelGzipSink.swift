import CZMigrateZlib
import Foundation

/// A `ByteSink` that gzip-compresses its stream into another sink, compressing blocks on several threads.
///
/// The input is cut into blocks of `blockSize` bytes; each block is compressed on its own with
/// libdeflate (`DeflateCompressor`, which has no preset dictionary, so matches do not reach back
/// across a cut) and ended like a sync flush, the last one with a final block. The pieces are
/// written in order after a 10-byte gzip header, followed by the CRC-32 (combined from per-block
/// CRCs) and the length mod 2^32. The output is one gzip member, never several: Java's
/// `GZIPInputStream`, which Zimbra reads a `.tgz` with, can stop silently after the first member
/// of a multi-member file. It depends only on the input, `level` and `blockSize`, never on
/// `workers`, write sizes or thread timing. At most `2 × workers` blocks exist (the one being
/// filled included), each holding its input and its compressed output, so memory stays near
/// `4 × workers × blockSize` whatever the input size. Compressed bytes are written to
/// `destination` from the calling thread only.
public final class ParallelGzipSink: ByteSink {
  /// The deflate level, 0 (store) to 12 (smallest).
  public let level: Int
  /// The number of compression threads; 1 compresses on the calling thread.
  public let workers: Int
  /// Uncompressed bytes per block.
  public let blockSize: Int
  /// Where the gzip stream goes.
  public let destination: any ByteSink
  /// Uncompressed bytes accepted so far.
  public private(set) var bytesIn: Int64 = 0
  /// Compressed bytes written to `destination` so far (header and trailer included).
  public private(set) var bytesOut: Int64 = 0

  /// Uncompressed bytes per block unless told otherwise (chosen on measurements, docs/benchmarks.md).
  public static let defaultBlockSize = 128 << 10

  private let pool: GzipWorkerPool?
  private let inlineCompressor: DeflateCompressor?
  private let maxBlocks: Int
  private var allocatedBlocks = 0
  private var freeBlocks: [GzipBlock] = []
  /// Blocks handed to compression, oldest first; written out strictly in this order.
  private var inFlight: [GzipBlock] = []
  private var current: GzipBlock?
  private var crc: UInt32 = 0
  private var headerWritten = false
  private var isFinished = false
  private var failure: BundleError?

  /// A compressor writing into `destination`.
  ///
  /// - Parameters:
  ///   - level: deflate level 0–12 (libdeflate's scale); 6 when not given. The CLI and
  ///     `BundleOptions` default to 1, much faster and a few per cent larger.
  ///   - workers: compression threads (default: the active processor count); 1 compresses inline.
  ///   - blockSize: uncompressed bytes per block (default 128 KiB); smaller blocks cost ratio
  ///     (each starts with no history), larger ones memory.
  public init(
    destination: any ByteSink, level: Int = 6,
    workers: Int = ProcessInfo.processInfo.activeProcessorCount,
    blockSize: Int = ParallelGzipSink.defaultBlockSize
  ) throws {
    guard DeflateCompressor.levels.contains(level) else {
      throw BundleError("gzip level \(level) is outside 0...12")
    }
    guard blockSize >= 1 else { throw BundleError("gzip block size must be at least 1 byte") }
    self.destination = destination
    self.level = level
    self.workers = max(1, workers)
    self.blockSize = blockSize
    if self.workers == 1 {
      inlineCompressor = try DeflateCompressor(level: level)
      pool = nil
      maxBlocks = 1
    } else {
      inlineCompressor = nil
      pool = GzipWorkerPool(threads: self.workers, level: level, name: "gzip")
      maxBlocks = 2 * self.workers
    }
  }

  deinit {
    pool?.shutDown()
  }

  /// Copies `bytes` into blocks, dispatching a full block for compression once more input follows;
  /// throws after `finish()` or once a block has failed.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    try checkUsable()
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    var offset = 0
    do {
      while offset < bytes.count {
        let block: GzipBlock
        if let filling = current {
          if filling.count == blockSize {
            // A full block is dispatched only once more input proves it is not the last.
            try dispatch(filling, isLast: false)
            block = try acquireBlock()
            block.reset()
            current = block
          } else {
            block = filling
          }
        } else {
          block = try acquireBlock()
          block.reset()
          current = block
        }
        let take = min(blockSize - block.count, bytes.count - offset)
        (block.input + block.count).copyMemory(from: source + offset, byteCount: take)
        block.count += take
        offset += take
      }
    } catch {
      throw fail(error)
    }
    bytesIn += Int64(bytes.count)
  }

  /// Compresses what is left, waits for all blocks, writes the gzip trailer and finishes `destination`.
  public func finish() throws {
    guard !isFinished else { return }
    try checkUsable()
    do {
      let last: GzipBlock
      if let filling = current {
        last = filling
      } else {
        last = try acquireBlock()
        last.reset()
      }
      current = nil
      try dispatch(last, isLast: true)
      while !inFlight.isEmpty { try writeOldest(wait: true) }
      var trailer = [UInt8](repeating: 0, count: 8)
      trailer.withUnsafeMutableBytes { out in
        out.storeBytes(of: crc.littleEndian, toByteOffset: 0, as: UInt32.self)
        out.storeBytes(
          of: UInt32(truncatingIfNeeded: bytesIn).littleEndian, toByteOffset: 4, as: UInt32.self)
      }
      try emit(trailer)
      isFinished = true
      pool?.shutDown()
      try destination.finish()
    } catch {
      throw fail(error)
    }
  }

  /// An upper bound of the whole gzip stream's size (header and trailer included) once `extra`
  /// more input bytes are written and the stream is finished, in any cut into blocks.
  ///
  /// Blocks already written out count with their real size; every other byte (blocks being
  /// compressed, the block being filled, `extra`) is bounded by deflate's worst case per block of
  /// `blockSize`: libdeflate's bound plus the sync ending (`DeflateCompressor.bound(for:)`).
  public func sizeBound(addingInput extra: Int) -> Int64 {
    var bound = bytesOut + (headerWritten ? 0 : 10) + 8
    for block in inFlight { bound += Int64(DeflateCompressor.bound(for: block.count)) }
    let remaining = (current?.count ?? 0) + max(0, extra)
    let fullBlocks = remaining / blockSize
    let rest = remaining % blockSize
    bound += Int64(fullBlocks) * Int64(DeflateCompressor.bound(for: blockSize))
    if rest > 0 || fullBlocks == 0 { bound += Int64(DeflateCompressor.bound(for: rest)) }
    return bound
  }

  /// Waits for the blocks being compressed and writes them out, so that `sizeBound` counts all
  /// input but the block being filled at its real compressed size. The output does not change.
  public func settle() throws {
    try checkUsable()
    do {
      while !inFlight.isEmpty { try writeOldest(wait: true) }
    } catch {
      throw fail(error)
    }
  }

  // MARK: - Block management

  private func checkUsable() throws {
    if let failure { throw failure }
    if isFinished { throw BundleError("gzip stream written after finish") }
  }

  private func fail(_ error: any Error) -> BundleError {
    let bundleError = error as? BundleError ?? BundleError("gzip compression failed: \(error)")
    failure = bundleError
    pool?.shutDown()
    return bundleError
  }

  /// A free block: from the free list, newly allocated, or the oldest in flight once written out.
  private func acquireBlock() throws -> GzipBlock {
    if let block = freeBlocks.popLast() { return block }
    if allocatedBlocks < maxBlocks {
      allocatedBlocks += 1
      return GzipBlock(blockSize: blockSize)
    }
    try writeOldest(wait: true)
    guard let block = freeBlocks.popLast() else { throw BundleError("gzip block pool is empty") }
    return block
  }

  private func dispatch(_ block: GzipBlock, isLast: Bool) throws {
    block.isLast = isLast
    inFlight.append(block)
    if let pool {
      pool.submit(block)
      // Write out whatever is already done, without waiting.
      while let oldest = inFlight.first, pool.isDone(oldest) { try writeOldest(wait: false) }
    } else if let compressor = inlineCompressor {
      block.compress(using: compressor)
      block.isDone = true
    }
  }

  /// Writes the oldest in-flight block's output (waiting for it if asked) and frees the block.
  private func writeOldest(wait: Bool) throws {
    guard !inFlight.isEmpty else { return }
    let block = inFlight.removeFirst()
    if let pool, wait { pool.waitUntilDone(block) }
    if let error = block.error { throw error }
    if !headerWritten {
      headerWritten = true
      // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL OS=Unix
      let extraFlags: UInt8 = level >= 9 ? 2 : (level == 1 ? 4 : 0)
      try emit([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 3])
    }
    try destination.write(block.output.bytes)
    bytesOut += Int64(block.output.count)
    crc = crc32Combine(crc, block.crc, secondCount: block.count)
    freeBlocks.append(block)
  }

  private func emit(_ bytes: [UInt8]) throws {
    try destination.write(bytes)
    bytesOut += Int64(bytes.count)
  }
}

/// One block of input and the compressed result.
final class GzipBlock: CompressionJob, @unchecked Sendable {
  // Shared between the producer and one worker; the pool's lock orders every hand-over.
  let input: UnsafeMutableRawPointer
  var count = 0
  var isLast = false
  var isDone = false
  var crc: UInt32 = 0
  var error: BundleError?
  let output: OutputBuffer

  init(blockSize: Int) {
    input = .allocate(byteCount: blockSize, alignment: 64)
    output = OutputBuffer(capacity: DeflateCompressor.bound(for: blockSize))
  }

  deinit {
    input.deallocate()
  }

  func reset() {
    count = 0
    isLast = false
    isDone = false
    crc = 0
    error = nil
    output.count = 0
  }

  /// Runs on a worker: compresses, or records that the worker had no compressor.
  func compress(with compressor: DeflateCompressor?) {
    guard let compressor else {
      error = BundleError("libdeflate could not allocate a compressor in a gzip worker")
      return
    }
    compress(using: compressor)
  }

  /// Compresses the input into `output` and computes its CRC-32. Runs on a worker or inline.
  func compress(using compressor: DeflateCompressor) {
    let data = UnsafeRawBufferPointer(start: input, count: count)
    do {
      try compressor.compress(data, final: isLast, into: output)
      crc = crc32Update(0, data)
    } catch let failure as BundleError {
      error = failure
    } catch {
      self.error = BundleError("gzip compression failed: \(error)")
    }
  }
}

/// The gzip sink's workers.
typealias GzipWorkerPool = CompressionWorkerPool<GzipBlock>
