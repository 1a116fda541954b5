#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MaildirFileSystem {
    /// Up to the first `count` bytes of a regular file (fewer when it is shorter); nil when it
    /// cannot be opened or is not a regular file. For sniffing headers without reading big files.
    static func head(_ path: MaildirRawPath, count: Int) -> [UInt8]? {
        let descriptor = path.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var filled = 0
            while filled < count, let base = buffer.baseAddress {
                let n = read(descriptor, base + filled, count - filled)
                if n > 0 {
                    filled += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    failed = true
                    break
                }
            }
            initialized = filled
        }
        return failed ? nil : bytes
    }
}
