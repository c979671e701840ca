#if canImport(Glibc)
import Glibc
#endif

/// Whether a file another user could have written may be trusted with our code or settings, as
/// ssh decides for its own files: it, and the directory it is in, must belong to us (or to root)
/// and be writable by nobody else; a symbolic link must be our own and point at such a file.
/// Each answer is a sentence that says what is wrong and how to fix it, or nil when all is well.
public enum FileTrust {
    /// A file that sets what runs as us (the config, a hook): a regular file we may trust.
    /// `executable`: it must also be executable by us.
    public static func fileProblem(_ path: String, executable: Bool = false) -> String? {
        var link = stat()
        guard lstat(path, &link) == 0 else { return "it cannot be read (\(String(cString: strerror(errno))))" }
        var target = link
        if link.st_mode & S_IFMT == S_IFLNK {
            guard link.st_uid == getuid() else {
                return "it is a symbolic link owned by uid \(link.st_uid), not by you (remove it)"
            }
            guard stat(path, &target) == 0 else { return "it is a symbolic link to nothing that can be read" }
            if let problem = directoryProblem(realDirectory(of: path)) { return "it points into a directory that is not safe: \(problem)" }
        }
        guard target.st_mode & S_IFMT == S_IFREG else { return "it is not a regular file" }
        guard target.st_uid == getuid() || target.st_uid == 0 else {
            return "it is owned by uid \(target.st_uid), not by you or root (chown it, or remove it)"
        }
        guard target.st_mode & 0o022 == 0 else { return "it is writable by group or others (chmod go-w \(path))" }
        if executable, access(path, X_OK) != 0 { return "it is not executable (chmod +x \(path))" }
        return nil
    }

    /// A directory that holds such files: ours or root's, writable by nobody else.
    public static func directoryProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path) cannot be read (\(String(cString: strerror(errno))))" }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a directory" }
        guard info.st_uid == getuid() || info.st_uid == 0 else {
            return "the directory \(path) is owned by uid \(info.st_uid), not by you or root, so someone else could put files in it"
        }
        guard info.st_mode & 0o022 == 0 else {
            return "the directory \(path) is writable by group or others (chmod go-w \(path))"
        }
        return nil
    }

    /// A directory for files we run: it and the directory it is in (links resolved).
    public static func directoryAndParentProblem(_ path: String) -> String? {
        let real = resolved(path)
        return directoryProblem(real) ?? directoryProblem(PrivateDirectory.parentPath(real))
    }

    /// The directory a path's file really lives in (symbolic links resolved).
    public static func realDirectory(of path: String) -> String {
        PrivateDirectory.parentPath(resolved(path))
    }

    /// The path with every symbolic link resolved; as written when it cannot be resolved.
    public static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
