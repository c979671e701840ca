import CLinux

/// The C library's allocator, told to give memory back: large blocks (the replies of big lists)
/// come from their own mappings and are returned when freed; `trim` returns free heap pages after
/// a burst, so the idle daemon comes back near its idle size.
public enum Memory {
    public static func tune() { connectd_malloc_tune() }
    public static func trim() { _ = connectd_malloc_trim() }
}

/// `accept4(fd, …, SOCK_NONBLOCK | SOCK_CLOEXEC)`.
public func acceptNonblocking(_ fd: Int32) -> Int32 { connectd_accept_nonblocking(fd) }
