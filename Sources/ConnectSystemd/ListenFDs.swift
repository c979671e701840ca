import CSystemd
import Glibc

/// Sockets handed over by systemd socket activation.
public enum ListenFDs {
    /// The inherited listening socket named `name` (`FileDescriptorName=`), or, when exactly one
    /// unnamed socket was passed, that one. Nil when the process was not socket-activated.
    public static func socket(named name: String) -> Int32? {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count > 0 else { return nil }
        defer {
            if let names {
                for index in 0..<Int(count) { free(names[index]) }
                free(names)
            }
        }
        var unnamed: Int32?
        for index in 0..<Int(count) {
            let fd = SD_LISTEN_FDS_START + Int32(index)
            let fdName = names?[index].map { String(cString: $0) } ?? "unknown"
            if fdName == name { return fd }
            if fdName == "unknown" || fdName == "stored" { unnamed = fd }
        }
        return count == 1 ? unnamed : nil
    }
}
