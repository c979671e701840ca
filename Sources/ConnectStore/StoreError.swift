/// Why the state could not be opened, read or written; each case tells the user what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not a readable connectd database. It is left untouched.
    case unreadable(path: String, reason: String)
    /// The file was written by a newer connectd (it has migrations this build does not know).
    case newerSchema(path: String, unknown: [String])
    /// The schema says one thing and the tables another: a migration was recorded but not applied.
    case inconsistent(path: String, reason: String)
    /// The file or its directory cannot be written: we refuse rather than change its mode.
    case readOnly(path: String)
    /// The directory or file could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The state directory is not private to us (another owner, or writable by others).
    case unsafeDirectory(String)
    /// Another connectd holds the state directory.
    case locked(directory: String, holder: String)
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
        case .inconsistent(let path, let reason):
            "The state file \(path) has an inconsistent schema (\(reason)). It was left untouched: restore a backup, "
                + "or move it aside and start afresh."
        case .readOnly(let path):
            "\(path) is read-only, and connectd must write its state there. Make it writable for yourself "
                + "(chmod u+w \(path)) or pass --state-dir with a writable directory."
        case .cannotOpen(let path, let reason):
            "Cannot open the state at \(path): \(reason). Check that the directory exists and is yours, or pass --state-dir."
        case .unsafeDirectory(let sentence):
            sentence
        case .locked(let directory, let holder):
            "Another connectd (\(holder)) is already using the state in \(directory). Use it (connectctl status), stop it "
                + "(systemctl --user stop connectd, or kill it), or start this one with another --state-dir."
        case .readFailed(let reason):
            "The state could not be read (\(reason)). Check the disk, then restart connectd; it refuses to start on a damaged file."
        case .writeFailed(let reason):
            "The change could not be saved (\(reason)); nothing was changed. If the disk is full, free some space and try again."
        }
    }
}
