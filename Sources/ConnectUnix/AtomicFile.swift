#if canImport(Glibc)
import Glibc
#endif

/// Reading and replacing one small file the way a careful editor does: read with a size bound,
/// never through a symbolic link; replaced through a temporary file beside it (same mode as the
/// file it replaces), made durable, renamed over it, and the directory synced. A failure leaves
/// the old file and no temporary one.
public enum AtomicFile {
    public enum Failure: Error, CustomStringConvertible {
        case cannotRead(String, String)
        case tooLarge(String, Int)
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
            case .tooLarge(let path, let limit): "\(path) is larger than \(limit >> 20) MiB"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    /// The file's bytes, at most `limit` (a larger file is refused, not read).
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .cannotRead(path, errorText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .cannotRead(path, "it is not a regular file") }
        guard info.st_size <= limit else { throw .tooLarge(path, limit) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            done += count
        }
        return Array(bytes[0..<done])
    }

    /// Replaces the file at `path` with `bytes`, keeping its mode (0600 for a new one).
    public static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        var info = stat()
        let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o600
        let temporary = path + ".connectd.tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path, errorText()) }
        var failure: String?
        var done = 0
        while done < bytes.count, failure == nil {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { failure = errorText() } else { done += count }
        }
        if failure == nil, fchmod(fd, mode) != 0 { failure = errorText() }
        if failure == nil, fsync(fd) != 0 { failure = errorText() }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = errorText() }
        if let failure {
            unlink(temporary)
            throw .cannotWrite(path, failure)
        }
        let directory = open(PrivateDirectory.parentPath(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
