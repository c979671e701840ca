#if canImport(Glibc)
import Glibc
#endif

/// Who is at the other end of a Unix socket (`SO_PEERCRED`): daemon and client both refuse a
/// peer of another user.
public struct PeerCredentials: Equatable, Sendable {
    public var pid: pid_t = 0
    public var uid: uid_t = 0
    public var gid: gid_t = 0

    /// The credentials of the peer of `fd`, or nil when the kernel does not say.
    public static func of(_ fd: Int32) -> PeerCredentials? {
        // Glibc hides `struct ucred` behind _GNU_SOURCE: this struct has its layout.
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials
    }
}
