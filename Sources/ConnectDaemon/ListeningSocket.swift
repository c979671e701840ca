import Foundation
import Glibc

/// The daemon's listening Unix socket: inherited from systemd, or bound here at `path` with mode
/// 0600 inside a 0700 directory. A live socket at `path` means another daemon runs: refuse. A stale
/// one (nobody accepts) is replaced.
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
        guard path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else {
            throw .socket(path: path, reason: "the path is longer than 107 bytes; pass a shorter --socket")
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .socket(path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
        }
        if ListeningSocket.somebodyAnswers(at: path) {
            throw .alreadyRunning(path: path)
        }
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socket(path: path, reason: String(cString: strerror(errno))) }
        var address = ListeningSocket.address(path)
        let oldMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(oldMask)
        guard bound == 0, listen(fd, backlog) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw .socket(path: path, reason: reason)
        }
        chmod(path, 0o600)
        self.fd = fd
    }

    /// Closes the socket; removes the file only when we created it.
    public func close() {
        Glibc.close(fd)
        if !inherited { unlink(path) }
    }

    /// True when something accepts connections at `path` right now.
    static func somebodyAnswers(at path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var address = address(path)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            let bytes = Array(path.utf8.prefix(buffer.count - 1))
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        return address
    }
}
