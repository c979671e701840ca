import CLinux

/// `syncfs(2)`: makes everything written to the file system that holds `fd` durable, in one
/// call; for a batch of files that would otherwise take one fsync each. False on failure (errno set).
public func syncFileSystem(containing fd: Int32) -> Bool {
    connectd_syncfs(fd) == 0
}
