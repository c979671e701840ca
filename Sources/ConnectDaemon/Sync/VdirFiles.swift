import ConnectCore
import ConnectUnix
import Foundation
import Glibc

/// File operations on the vdir, as vdirsyncer expects them: an item appears whole or not at all
/// (written to `NAME.connectd.tmp`, which vdirsyncer, khard and todoman ignore, made durable,
/// then renamed over the item), and an item is told apart from our own last write by its etag
/// (modification time and inode, as vdirsyncer's filesystem storage does).
struct VdirFiles {
    let root: String
    static let temporarySuffix = ".connectd.tmp"
    /// Items larger than this are not read (a card or an item is a few KiB).
    static let maxItemBytes = 1 << 20

    enum Collection: String, CaseIterable {
        case people, interactions, nudges, calendar

        var fileExtension: String { self == .people ? ".vcf" : ".ics" }
    }

    struct Write {
        var name: String
        var bytes: [UInt8]
    }

    func path(_ name: String) -> String { root + "/" + name }

    /// Creates the root and its collections (0700); refuses any that another user could change,
    /// and a root that holds anything but connectd's collections (and hidden files): the mirror
    /// writes into a directory of its own, never into /etc or a home directory by a typo.
    func prepare() throws {
        try PrivateDirectory.ensure(root)
        let allowed = Set(Collection.allCases.map(\.rawValue))
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") && !allowed.contains($0) }.sorted()
        guard others.isEmpty else { throw VdirError.notAVdir(root, others) }
        for collection in Collection.allCases { try PrivateDirectory.ensure(root + "/" + collection.rawValue) }
    }

    /// A file name for an item, different for every UID: the UID itself when every character
    /// is one vdirsyncer keeps in names (so the name is the same on every machine) and it does
    /// not start with "uid-"; else "uid-x" and its bytes in hex, or, for a long one, "uid-s" and
    /// its SHA-256 (names from earlier versions, "uid-" and 16 hex digits, cannot meet these).
    static func fileName(uid: String, in collection: Collection) -> String {
        collection.rawValue + "/" + baseName(uid: uid) + collection.fileExtension
    }

    static func baseName(uid: String) -> String {
        let safe = !uid.isEmpty && uid.utf8.count <= 200 && uid.first != "." && !uid.hasPrefix("uid-") && uid.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || "_.-+".contains($0))
        }
        if safe { return uid }
        guard uid.utf8.count <= 100 else { return "uid-s" + SHA256.hex(uid.utf8) }
        let digits = Array("0123456789abcdef".utf8)
        return "uid-x" + String(decoding: uid.utf8.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// Whether something (of any kind) is at `name`.
    func exists(_ name: String) -> Bool {
        var info = stat()
        return lstat(path(name), &info) == 0
    }

    /// The modification time of a file (for a card edited by a program that writes no REV).
    func modified(_ name: String) -> Date? {
        var info = stat()
        guard lstat(path(name), &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// "mtime-ns;inode;size" of a regular file; nil when it is missing or not a regular file.
    /// The size tells apart a file created empty and written within the same clock tick (file
    /// times are coarse): such a file was once read empty and never again.
    func etag(_ name: String) -> String? {
        var info = stat()
        guard lstat(path(name), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec);\(info.st_ino);\(info.st_size)"
    }

    /// Whether a file's etag is the one recorded (a recorded "mtime;inode" of an earlier version
    /// is compared without the size, so that an upgrade does not read every file again).
    static func same(_ current: String?, _ recorded: String?) -> Bool {
        guard let current, let recorded else { return current == recorded }
        if current == recorded { return true }
        let parts = recorded.split(separator: ";")
        return parts.count == 2 && current.hasPrefix(recorded + ";")
    }

    /// The item files of a collection ("people/ada.vcf"); temporary files are left out.
    func list(_ collection: Collection) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root + "/" + collection.rawValue) else { return [] }
        return names.filter { $0.hasSuffix(collection.fileExtension) && !$0.hasPrefix(".") }.map { collection.rawValue + "/" + $0 }
    }

    /// Removes temporary files a killed writer left behind (files only: a directory someone put
    /// there under such a name stays, and is said when it stops a write).
    func removeLeftovers() {
        for collection in Collection.allCases {
            let directory = root + "/" + collection.rawValue
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(Self.temporarySuffix) {
                var info = stat()
                if lstat(directory + "/" + name, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { unlink(directory + "/" + name) }
            }
        }
    }

    /// A file's bytes: not following a symbolic link, at most `maxItemBytes`.
    func read(_ name: String) throws -> [UInt8] {
        let fd = open(path(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw VdirError.io(path(name), errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw VdirError.notRegular(path(name)) }
        guard info.st_size <= Self.maxItemBytes else { throw VdirError.tooLarge(path(name)) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            done += count
        }
        return Array(bytes[0..<done])
    }

    /// Writes the files atomically and durably: every temporary file is written, all of them
    /// made durable (one `syncfs` for a batch, `fdatasync` for one), then each renamed over its
    /// item and the directories synced. Returns the etag of each file written, and why the others
    /// were not (a temporary name taken by a directory or a link stops that file, not the page).
    func write(_ writes: [Write]) throws -> (etags: [String: String], failed: [(name: String, error: VdirError)]) {
        guard !writes.isEmpty else { return ([:], []) }
        var written: [(name: String, temporary: String)] = []
        var failed: [(name: String, error: VdirError)] = []
        defer { for file in written { unlink(file.temporary) } }
        for item in writes {
            let temporary = path(item.name) + Self.temporarySuffix
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                failed.append((item.name, VdirError.io(temporary, errno)))
                continue
            }
            var done = 0
            var error: Int32 = 0
            while done < item.bytes.count {
                let count = item.bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    error = count == 0 ? EIO : errno
                    break
                }
                done += count
            }
            if error == 0, writes.count == 1, fdatasync(fd) != 0 { error = errno }
            close(fd)
            if error != 0 {
                unlink(temporary)
                // A full disk stops every file alike: the page is tried again later.
                if error == ENOSPC || error == EDQUOT { throw VdirError.io(temporary, error) }
                failed.append((item.name, VdirError.io(temporary, error)))
                continue
            }
            written.append((item.name, temporary))
        }
        if writes.count > 1 {
            let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw VdirError.io(root, errno) }
            let synced = syncFileSystem(containing: fd)
            close(fd)
            guard synced else { throw VdirError.io(root, errno) }
        }
        var etags: [String: String] = [:]
        var directories = Set<String>()
        while let file = written.first {
            written.removeFirst()
            guard rename(file.temporary, path(file.name)) == 0 else {
                failed.append((file.name, VdirError.io(path(file.name), errno)))
                unlink(file.temporary)
                continue
            }
            etags[file.name] = etag(file.name) ?? ""
            directories.insert((path(file.name) as NSString).deletingLastPathComponent)
        }
        syncDirectories(directories)
        return (etags, failed)
    }

    /// Removes items (missing ones are fine).
    func remove(_ names: [String]) {
        guard !names.isEmpty else { return }
        var directories = Set<String>()
        for name in names where unlink(path(name)) == 0 {
            directories.insert((path(name) as NSString).deletingLastPathComponent)
        }
        syncDirectories(directories)
    }

    private func syncDirectories(_ directories: Set<String>) {
        for directory in directories {
            let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        }
    }
}

enum VdirError: Error, CustomStringConvertible {
    case io(String, Int32)
    case notRegular(String)
    case tooLarge(String)
    case notAVdir(String, [String])

    var description: String {
        switch self {
        case .io(let path, let code): "\(path): \(String(cString: strerror(code)))"
        case .notRegular(let path): "\(path) is not a regular file"
        case .tooLarge(let path): "\(path) is larger than \(VdirFiles.maxItemBytes / 1024) KiB"
        case .notAVdir(let path, let others):
            "\(path) holds other files (\(others.prefix(3).joined(separator: ", "))\(others.count > 3 ? ", …" : "")): connectd mirrors into a "
                + "directory of its own (people/, interactions/, nudges/). Set [sync] vdir to a new or empty directory"
        }
    }
}
