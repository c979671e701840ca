#if canImport(Glibc)
import Glibc
#endif

/// This user's home directory: `$HOME`, else this uid's entry in `/etc/passwd`, read directly.
/// Not `getpwuid_r`: a static binary cannot load the NSS modules it may need, so the answer would
/// depend on the glibc that happens to be installed.
public struct HomeDirectory: Equatable, Sendable {
    public enum Source: String, Equatable, Sendable {
        case environment = "$HOME"
        case passwordDatabase = "/etc/passwd"
    }

    public let path: String
    /// Where `path` came from, for the log: a surprising home is then easy to explain.
    public let source: Source

    public init(path: String, source: Source) {
        self.path = path
        self.source = source
    }

    /// `$HOME` when it is an absolute path, else the password database's entry for `uid`; nil
    /// when neither names one.
    public static func resolve(environment: [String: String], uid: uid_t = getuid(),
                               passwordDatabase: String = "/etc/passwd") -> HomeDirectory? {
        if let home = environment["HOME"], home.hasPrefix("/") { return HomeDirectory(path: home, source: .environment) }
        guard let text = readSmallFile(passwordDatabase),
              let home = homeInPasswordDatabase(text, uid: uid) else { return nil }
        return HomeDirectory(path: home, source: .passwordDatabase)
    }

    /// The home field (sixth) of the first line whose uid field (third) is `uid`.
    static func homeInPasswordDatabase(_ text: String, uid: uid_t) -> String? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 7, UInt32(fields[2]) == uid else { continue }
            let home = String(fields[5])
            return home.hasPrefix("/") ? home : nil
        }
        return nil
    }

    /// Up to 4 MiB of a file, or nil.
    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < 4 << 20 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
