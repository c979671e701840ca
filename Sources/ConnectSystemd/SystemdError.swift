import Glibc

/// A libsystemd call that failed, with the negative errno it returned.
public enum SystemdError: Error, CustomStringConvertible {
    case call(String, Int32)

    public var description: String {
        switch self {
        case .call(let function, let rc): "\(function) failed: \(String(cString: strerror(-rc)))"
        }
    }
}
