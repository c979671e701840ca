#if canImport(Glibc)
import Glibc
#endif

/// Where daemon and client meet when neither is given `--socket`:
/// `$XDG_RUNTIME_DIR/connectd/io.connectd.sock`, else `/run/user/UID/connectd/…` when that exists,
/// else `/tmp/connectd-UID/io.connectd.sock`. Both sides compute it the same way.
public enum DefaultSocketPath {
    public static let fileName = "io.connectd.sock"

    public static func resolve(environment: [String: String]) -> String {
        resolve(runtimeDirectory: environment["XDG_RUNTIME_DIR"])
    }

    /// The same, from `$XDG_RUNTIME_DIR` alone (the client reads just that variable).
    public static func resolve(runtimeDirectory: String?) -> String {
        if let runtime = runtimeDirectory, !runtime.isEmpty {
            return "\(runtime)/connectd/\(fileName)"
        }
        let uid = getuid()
        var info = stat()
        if stat("/run/user/\(uid)", &info) == 0 {
            return "/run/user/\(uid)/connectd/\(fileName)"
        }
        return "/tmp/connectd-\(uid)/\(fileName)"
    }
}
