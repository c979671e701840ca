import CSystemd
import Glibc

/// One wall-clock alarm on a `CLOCK_REALTIME` timerfd armed with `TFD_TIMER_ABSTIME |
/// TFD_TIMER_CANCEL_ON_SET`: it fires exactly at the absolute deadline (also right after a suspend
/// that slept through it), and reports when the system clock is set so the caller can recompute.
/// Between deadlines nothing wakes the process.
public final class RealtimeAlarm {
    public enum Wake {
        /// The deadline passed.
        case deadline
        /// The wall clock was set (or a suspend/resume jumped it): deadlines must be recomputed.
        case clockChanged
    }

    private let fd: Int32
    private var source: EventSource?

    public init(loop: EventLoop, _ handler: @escaping (Wake) -> Void) throws(SystemdError) {
        fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fd >= 0 else { throw .call("timerfd_create", -errno) }
        let fd = self.fd
        source = try loop.addIO(fd: fd, events: IOEvents.readable) { _ in
            var expirations: UInt64 = 0
            let count = read(fd, &expirations, 8)
            if count < 0 && errno == ECANCELED {
                handler(.clockChanged)
            } else if count == 8 {
                handler(.deadline)
            }
        }
        // Armed far in the future so that a clock change is reported even before the first deadline.
        arm(atSecondsSinceEpoch: nil)
    }

    deinit {
        source?.cancel()
        close(fd)
    }

    /// Arms the alarm at an absolute instant (seconds since the epoch, UTC); nil disarms the deadline
    /// but keeps reporting clock changes.
    public func arm(atSecondsSinceEpoch seconds: Double?) {
        let target = seconds.map { max($0, 1) } ?? Double(Int32.max) * 4
        let whole = target.rounded(.down)
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(whole)
        spec.it_value.tv_nsec = Int(((target - whole) * 1e9).rounded())
        if spec.it_value.tv_nsec >= 1_000_000_000 {
            spec.it_value.tv_sec += 1
            spec.it_value.tv_nsec -= 1_000_000_000
        }
        timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME) | 2 /* TFD_TIMER_CANCEL_ON_SET */, &spec, nil)
    }
}
