import ConnectUnix
import Glibc

/// The daemon's listening Unix socket: inherited from systemd, or bound here at `path` (mode 0600
/// through the umask) inside a private 0700 directory that must be ours. Only a stale socket of
/// our own uid is ever replaced; a live one means another daemon runs, anything else is refused.
public final class ListeningSocket {
    public let fd: Int32
    public let path: String
    /// True when systemd passed the socket: then it is never unlinked or re-bound by us.
    public let inherited: Bool

    public init(inheritedFD: Int32, path: String) {
        fd = inheritedFD
        self.path = path
        inherited = true
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC) // hooks must not inherit it
    }

    public init(bindingAt path: String, backlog: Int32 = 64) throws(DaemonError) {
        self.path = path
        inherited = false
        guard let address = UnixSocketAddress(path: path) else {
            throw .socket(path: path, reason: "the path is longer than 107 bytes; pass a shorter --socket")
        }
        do {
            try PrivateDirectory.ensure(PrivateDirectory.parentPath(path))
        } catch {
            throw .unsafeDirectory(error.description)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFSOCK:
                guard info.st_uid == getuid() else { throw .notOurSocket(path: path, what: "a socket of uid \(info.st_uid)") }
            case S_IFREG: throw .notOurSocket(path: path, what: "a regular file")
            case S_IFDIR: throw .notOurSocket(path: path, what: "a directory")
            case S_IFLNK: throw .notOurSocket(path: path, what: "a symbolic link")
            default: throw .notOurSocket(path: path, what: "a special file")
            }
            if ListeningSocket.somebodyAnswers(at: address) { throw .alreadyRunning(path: path) }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socket(path: path, reason: errorText()) }
        let oldMask = umask(0o177)
        let bound = address.bind(fd)
        umask(oldMask)
        guard bound == 0, listen(fd, backlog) == 0 else {
            let reason = errorText()
            Glibc.close(fd)
            throw .socket(path: path, reason: reason)
        }
        self.fd = fd
    }

    /// Closes the socket; removes the file only when we created it.
    public func close() {
        Glibc.close(fd)
        if !inherited { unlink(path) }
    }

    /// True when something accepts connections at `address` right now.
    static func somebodyAnswers(at address: UnixSocketAddress) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        return address.connect(fd) == 0
    }
}
