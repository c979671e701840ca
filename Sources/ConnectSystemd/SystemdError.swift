import Glibc

/// A libsystemd call that failed, with the negative errno it returned.
public enum SystemdError: Error, CustomStringConvertible {
    case call(String, Int32)
    /// A D-Bus method call that the peer answered with an error (or not at all): the method's
    /// full name ("org.freedesktop.Notifications.Notify", "org.freedesktop.login1.Manager.GetSession").
    case bus(String, String)

    public var description: String {
        switch self {
        case .call(let function, let rc): "\(function) failed: \(String(cString: strerror(-rc)))"
        case .bus(let method, let detail): "\(method) failed: \(detail)"
        }
    }
}
