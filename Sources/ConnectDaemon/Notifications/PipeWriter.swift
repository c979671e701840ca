import ConnectSystemd
import Glibc

/// Writes bytes into a pipe without ever blocking the loop: what the pipe takes now is written
/// at once, the rest when the loop says the pipe has room; then the pipe is closed. A reader that
/// never reads (a hook that ignores its stdin) only leaves its own pipe full: it is closed when
/// the writer is closed (its process ended or was stopped).
final class PipeWriter {
    private var fd: Int32
    private let bytes: [UInt8]
    private var offset = 0
    private var source: EventSource?

    /// Takes ownership of `fd` (made non-blocking) and starts writing.
    init(fd: Int32, bytes: [UInt8], loop: EventLoop) {
        self.fd = fd
        self.bytes = bytes
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        writeAvailable()
        guard self.fd >= 0 else { return }
        source = try? loop.addIO(fd: fd, events: IOEvents.writable) { [weak self] _ in self?.writeAvailable() }
        if source == nil { close() }
    }

    deinit { close() }

    /// True once everything was written (or the reader went away) and the pipe is closed.
    var isDone: Bool { fd < 0 }

    private func writeAvailable() {
        while fd >= 0, offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count > 0 {
                offset += count
            } else if count < 0, errno == EINTR {
                continue
            } else if count < 0, errno == EAGAIN {
                return
            } else {
                break // EPIPE: the reader closed its end; nothing more to say.
            }
        }
        close()
    }

    /// Stops writing and closes the pipe.
    func close() {
        source?.cancel()
        source = nil
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }
}
