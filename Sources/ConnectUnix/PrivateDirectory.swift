#if canImport(Glibc)
import Glibc
#endif

/// A directory only we can change: where the state, the lock and the socket live. Created with
/// mode 0700 (parents too) when missing; an existing one must be ours and not writable by group
/// or others, or another user could swap what we keep in it.
public enum PrivateDirectory {
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case cannotCreate(path: String, reason: String)
        case notADirectory(path: String)
        case foreignOwner(path: String, owner: uid_t)
        case writableByOthers(path: String, mode: mode_t)

        public var description: String {
            switch self {
            case .cannotCreate(let path, let reason):
                "Cannot create the directory \(path): \(reason)."
            case .notADirectory(let path):
                "\(path) exists but is not a directory: move it away."
            case .foreignOwner(let path, let owner):
                "The directory \(path) belongs to another user (uid \(owner)), so someone else could control what is in it: "
                    + "remove it (or ask its owner to) and start again, or choose another path."
            case .writableByOthers(let path, let mode):
                "The directory \(path) is writable by other users (mode \(String(mode & 0o7777, radix: 8))): run 'chmod go-w \(path)' "
                    + "(connectd wants 700), or choose another path."
            }
        }
    }

    /// Makes sure `path` is a private directory of ours; creates it (and its parents) with 0700.
    public static func ensure(_ path: String) throws(Problem) {
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
            let parent = parentPath(path)
            if parent != path, stat(parent, &info) != 0 { try ensureParent(parent) }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            guard stat(path, &info) == 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        }
        try check(path, info)
    }

    /// The checks alone, for a directory that must exist already.
    public static func check(_ path: String) throws(Problem) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        try check(path, info)
    }

    private static func check(_ path: String, _ info: stat) throws(Problem) {
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(path: path) }
        guard info.st_uid == getuid() else { throw .foreignOwner(path: path, owner: info.st_uid) }
        guard info.st_mode & 0o022 == 0 else { throw .writableByOthers(path: path, mode: info.st_mode) }
    }

    /// Missing parents are made like `mkdir -p` would, 0700 (umask permitting).
    private static func ensureParent(_ path: String) throws(Problem) {
        var info = stat()
        if stat(path, &info) == 0 { return }
        let parent = parentPath(path)
        if parent != path { try ensureParent(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }

    public static func parentPath(_ path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }
}
