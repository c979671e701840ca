import ConnectUnix
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `lock` in the state directory, held for the daemon's life: a second
/// daemon on the same state refuses at once and names the PID that holds it. The kernel drops the
/// lock when the process dies, so a crash leaves nothing to clean up.
public final class StateLock {
    private let fd: Int32
    private let path: String
    /// This process made the lock file (it was not there before).
    private let created: Bool

    public init(directory: String) throws(StoreError) {
        path = directory + "/lock"
        var fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        created = fd >= 0
        if fd < 0, errno == EEXIST { fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW) }
        self.fd = fd
        guard fd >= 0 else {
            throw errno == EACCES || errno == EROFS ? .readOnly(path: path) : .cannotOpen(path: path, reason: errorText())
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = StateLock.readHolder(fd)
            close(fd)
            throw .locked(directory: directory, holder: holder)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The state was refused and the daemon stops: a lock file this start created is removed, so
    /// that a refused directory is left exactly as it was found.
    public func abandon() {
        if created { unlink(path) }
    }

    private static func readHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let pid = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").first.map(String.init) : nil
        return pid.map { "PID \($0)" } ?? "PID unknown"
    }
}
