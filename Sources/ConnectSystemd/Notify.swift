import CSystemd

/// Tells the service manager about our state (`READY=1`, `STATUS=…`, `STOPPING=1`). Without
/// `$NOTIFY_SOCKET` (not started by systemd) every call is a harmless no-op.
public enum ServiceNotifier {
    public static func notify(_ state: String) {
        _ = sd_notify(0, state)
    }

    public static func ready(status: String) { notify("READY=1\nSTATUS=\(status)") }
    public static func status(_ status: String) { notify("STATUS=\(status)") }
    public static func stopping() { notify("STOPPING=1\nSTATUS=Stopping") }
}
