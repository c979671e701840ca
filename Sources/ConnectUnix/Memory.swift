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

extension Memory {
    /// Drops the resident pages of the program's own code (clean pages of the executable; the
    /// next use maps them again from the page cache). For an idle daemon: start-up touches far
    /// more code than serving does. Returns the bytes advised.
    @discardableResult
    public static func releaseCodePages() -> Int { connectd_release_code_pages() }
}
