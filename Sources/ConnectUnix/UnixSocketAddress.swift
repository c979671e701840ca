#if canImport(Glibc)
import Glibc
#endif

/// A `sockaddr_un` for a path: the one place that builds one, with the length check that the
/// kernel's 108-byte limit needs.
public struct UnixSocketAddress {
    public let path: String
    private var storage = sockaddr_un()

    /// Nil when the path does not fit (107 bytes at most) or holds a NUL byte.
    public init?(path: String) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, !bytes.contains(0), bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else { return nil }
        self.path = path
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    public func withSocketAddress<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var copy = storage
        return withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    public func connect(_ fd: Int32) -> Int32 { withSocketAddress { Glibc.connect(fd, $0, $1) } }
    public func bind(_ fd: Int32) -> Int32 { withSocketAddress { Glibc.bind(fd, $0, $1) } }
}
