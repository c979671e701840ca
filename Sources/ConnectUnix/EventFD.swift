import CLinux

/// An eventfd (non-blocking, close-on-exec): how another thread wakes the event loop. Nil when
/// the system has none to give (the error is in errno).
public func makeEventFD() -> Int32? {
    let fd = connectd_eventfd()
    return fd >= 0 ? fd : nil
}
