/// Why the state database could not be opened or written; each case tells the user what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not a readable connectd database. It is left untouched.
    case unreadable(path: String, reason: String)
    /// The file was written by a newer connectd (it has migrations this build does not know).
    case newerSchema(path: String, unknown: [String])
    /// The directory or file could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// A write failed and was rolled back: nothing was changed.
    case writeFailed(reason: String)
    /// A read failed (I/O error, a file damaged while running).
    case readFailed(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "The state file \(path) cannot be read (\(reason)). It was left untouched. Move it aside "
                + "(keep it: it may be recoverable with 'sqlite3 \(path) .recover') or restore a backup, then start connectd again."
        case .newerSchema(let path, let unknown):
            "The state file \(path) was written by a newer connectd (unknown migrations: \(unknown.joined(separator: ", "))). "
                + "It was left untouched: run the newer connectd, or point --state-dir elsewhere."
        case .cannotOpen(let path, let reason):
            "Cannot open the state at \(path): \(reason). Check that the directory exists and is writable by you, or pass --state-dir."
        case .readFailed(let reason):
            "The state could not be read (\(reason)). Check the disk, then restart connectd; it refuses to start on a damaged file."
        case .writeFailed(let reason):
            "The change could not be saved (\(reason)); nothing was changed. If the disk is full, free some space and try again."
        }
    }
}
