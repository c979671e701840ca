#if canImport(Glibc)
import Glibc
#endif
import ConnectUnix

/// The client's own files (what it imports, what it exports), with plain system calls: the
/// one-shot client links no Foundation. Every failure is a `ClientError.file` that names the path.
public enum LocalFile {
    public enum Kind { case missing, directory, regular, other }

    public static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        default: return .other
        }
    }

    /// A file opened for reading in chunks.
    public final class Reader {
        private let fd: Int32
        private let path: String

        public init(path: String) throws(ClientError) {
            self.path = path
            switch LocalFile.kind(path) {
            case .missing: throw .file("there is no file \(TerminalText.safe(path)).")
            case .directory: throw .file("\(TerminalText.safe(path)) is a directory: name the files in it.")
            case .regular, .other: break
            }
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .file("\(TerminalText.safe(path)) cannot be read: \(String(cString: strerror(errno))).") }
        }

        deinit { close(fd) }

        /// Up to `count` bytes; empty at the end.
        public func read(upTo count: Int) throws(ClientError) -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, count - filled) }
                if n == 0 { break }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .file("\(TerminalText.safe(path)) cannot be read: \(String(cString: strerror(errno))).")
                }
                filled += n
            }
            return Array(buffer[0..<filled])
        }
    }

    /// Writes through a temporary file and a rename (mode 0600): a reader never sees half a file.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ClientError) {
        try writeAtomically([(path, bytes)])
    }

    /// Writes each file through a temporary file and a rename (mode 0600). Every file is durable
    /// before any is renamed: `fsync` for one, one `syncfs` for a batch, so an export of 10,000
    /// cards is not 10,000 disk flushes. On a failure no temporary file is left behind. A path
    /// named twice gets the later bytes, as two writes one after the other would.
    public static func writeAtomically(_ batch: [(path: String, bytes: [UInt8])]) throws(ClientError) {
        var last: [String: Int] = [:]
        for (index, file) in batch.enumerated() { last[file.path] = index }
        let files = batch.enumerated().filter { last[$0.element.path] == $0.offset }.map(\.element)
        var written: [(temporary: String, path: String)] = []
        func fail(_ path: String, _ error: Int32) -> ClientError {
            for file in written { unlink(file.temporary) }
            return .file("\(TerminalText.safe(path)) cannot be written: \(String(cString: strerror(error))).")
        }
        for (index, file) in files.enumerated() {
            let temporary = file.path + ".connectctl-\(getpid()).tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw fail(file.path, errno) }
            written.append((temporary, file.path))
            var offset = 0
            while offset < file.bytes.count {
                let n = file.bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, file.bytes.count - offset) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    let error = n == 0 ? EIO : errno
                    close(fd)
                    throw fail(file.path, error)
                }
                offset += n
            }
            let last = index == files.count - 1
            let synced = !last || (files.count == 1 ? fsync(fd) == 0 : syncFileSystem(containing: fd))
            let error = errno
            close(fd)
            guard synced else { throw fail(file.path, error) }
        }
        while let file = written.first {
            guard rename(file.temporary, file.path) == 0 else { throw fail(file.path, errno) }
            written.removeFirst()
        }
    }

    /// Removes the temporary files (`NAME.connectctl-PID.tmp`) that a writer which was killed
    /// left in `directory`: only regular files of ours whose process is gone. Returns how many.
    public static func removeLeftovers(in directory: String) -> Int {
        guard let handle = opendir(directory) else { return 0 }
        defer { closedir(handle) }
        var removed = 0
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".tmp") else { continue }
            let body = name.dropLast(4)
            guard let dash = body.lastIndex(of: "-"), body[..<dash].hasSuffix(".connectctl") else { continue }
            let digits = body[body.index(after: dash)...]
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let pid = Int32(digits), pid > 0 else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            var info = stat()
            let path = directory + "/" + name
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid() else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Makes `path` (and its parents) as 0700 directories when missing.
    public static func makeDirectory(_ path: String) throws(ClientError) {
        if kind(path) == .directory { return }
        var parent = path
        while parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
        if let slash = parent.lastIndex(of: "/"), slash != parent.startIndex {
            try makeDirectory(String(parent[..<slash]))
        }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST, kind(path) == .directory else {
            throw .file("\(TerminalText.safe(path)) cannot be made a directory: \(String(cString: strerror(errno))).")
        }
    }
}

/// Base64 (RFC 4648) for sending file chunks: the client links no Foundation.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let n = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
