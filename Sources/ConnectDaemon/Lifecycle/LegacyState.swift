import ConnectStore
import ConnectUnix
#if canImport(Glibc)
import Glibc
#endif

/// The one-time move of a state file from where connectd's unit used to put it on systemd < 254
/// (`StateDirectory=` of a user unit is under `~/.config` there) to the XDG state directory the
/// daemon uses everywhere now.
///
/// Safe against a crash at any point: the write-ahead log moves first and the database last, so
/// until the database has moved the old place still counts as the state and the next start
/// finishes the move; both are renames in one file system, under the locks of both directories.
enum LegacyState {
    enum Outcome: Equatable {
        case nothingThere
        case moved(from: String, to: String)
        /// Both places have a state file: the current one is used, the old one is left untouched.
        case keptBoth(old: String, current: String)
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case inUse(directory: String, holder: String)
        case unsafe(String)
        case otherFileSystem(from: String, to: String)
        case conflictingLogs(old: String, current: String)
        case cannotMove(path: String, reason: String)

        var description: String {
            switch self {
            case .inUse(let directory, let holder):
                "The state in \(directory) is in use by an older connectd (\(holder)), so it cannot be moved to its new place: "
                    + "stop that one (systemctl --user stop connectd.service) and start again."
            case .unsafe(let sentence):
                "The old state directory is not safe to move from: \(sentence)"
            case .otherFileSystem(let from, let to):
                "Your state is still in \(from) and must move to \(to), which is on another file system. Move it yourself, "
                    + "with connectd stopped: mv \(from)/state.sqlite* \(to)/ — then start connectd again."
            case .conflictingLogs(let old, let current):
                "Both \(old) and \(current) hold a write-ahead log (state.sqlite-wal), so it is not clear which belongs to the state "
                    + "in \(old). Nothing was moved: look at both, remove the stray one, and start again."
            case .cannotMove(let path, let reason):
                "Cannot move \(path) to the new state directory: \(reason). Nothing is lost; the next start tries again."
            }
        }
    }

    /// Moves `state.sqlite` (and its log) from `old` to `current` when only `old` has one. Call
    /// with `current` private and locked, before the store opens.
    static func move(from old: String, to current: String) throws(Problem) -> Outcome {
        let database = "/state.sqlite", log = "/state.sqlite-wal", index = "/state.sqlite-shm"
        guard old != current, exists(old + database) else { return .nothingThere }
        if exists(current + database) { return .keptBoth(old: old + database, current: current + database) }
        do { try PrivateDirectory.check(old) } catch { throw .unsafe(error.description) }
        guard isRegularFile(old + database) else { throw .unsafe("\(old + database) is not a regular file.") }
        let lock: StateLock
        do { lock = try StateLock(directory: old) } catch {
            if case .locked(_, let holder) = error { throw .inUse(directory: old, holder: holder) }
            throw .cannotMove(path: old, reason: error.description)
        }
        if exists(old + log), exists(current + log) { throw .conflictingLogs(old: old, current: current) }
        try rename(old + log, current + log, missingIsFine: true)
        unlink(old + index)
        unlink(current + index)
        try rename(old + database, current + database, missingIsFine: false)
        syncDirectory(current)
        removeUploads(old + "/uploads")
        unlink(old + "/lock")
        syncDirectory(old)
        withExtendedLifetime(lock) {}
        return .moved(from: old + database, to: current + database)
    }

    private static func rename(_ from: String, _ to: String, missingIsFine: Bool) throws(Problem) {
        guard Glibc.rename(from, to) != 0 else { return }
        let code = errno
        if code == ENOENT, missingIsFine { return }
        if code == EXDEV {
            throw .otherFileSystem(from: String(from[..<(from.lastIndex(of: "/") ?? from.endIndex)]),
                                   to: String(to[..<(to.lastIndex(of: "/") ?? to.endIndex)]))
        }
        throw .cannotMove(path: from, reason: String(cString: strerror(code)))
    }

    /// Uploads do not outlive a daemon (the next start empties the directory): the old place's go.
    private static func removeUploads(_ directory: String) {
        var info = stat()
        guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, let listing = opendir(directory) else { return }
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { unlink(directory + "/" + name) }
        }
        closedir(listing)
        rmdir(directory)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_uid == getuid()
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
