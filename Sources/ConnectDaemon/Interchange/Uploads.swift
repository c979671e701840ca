import ConnectUnix
import Foundation
import Glibc

/// Files on their way into an import, sent by the client in chunks (a message is at most 1 MiB):
/// kept in `uploads/` of the state directory (0700), each named by a random token. An upload
/// belongs to the connection that sends it: only it may add to it or import it, and it is
/// removed when that connection goes (an import that took it removes it when it ends), after an
/// hour, or at the next start. Bounded per connection, in all, and by the free disk, so that no
/// client can fill the disk or take every slot.
final class Uploads {
    enum Failure: Error, CustomStringConvertible {
        case unknown(String)
        case tooLarge(limit: Int)
        case tooMany(limit: Int)
        case full(total: Int)
        case diskFull(free: Int)
        case badChunk(String)
        case storage(String)

        var description: String {
            switch self {
            case .unknown(let token): "There is no upload named '\(token.prefix(40))' on this connection (it was imported, expired after an hour, or the daemon restarted): send the file again."
            case .tooLarge(let limit): "The file is larger than \(limit >> 20) MiB, more than connectd imports at once: split it."
            case .tooMany(let limit): "This connection is sending \(limit) files already: import them (or close the connection) first."
            case .full(let total): "Files being imported take \(total >> 20) MiB already, as much as connectd keeps at once: try again when those imports are done."
            case .diskFull(let free): "The disk of connectd's state has \(free >> 20) MiB free; connectd keeps \(Uploads.reserve >> 20) MiB free for its own state: free some space, then send the file again."
            case .badChunk(let reason): "The chunk could not be read: \(reason)."
            case .storage(let reason): "The upload could not be stored: \(reason)."
            }
        }
    }

    static let maxChunk = 512 << 10
    static let maxSize = 1 << 30
    /// Uploads one connection may have in progress.
    static let maxPerClient = 2
    /// All uploads together, imported or not yet.
    static let maxTotal = 4 << 30
    /// Free space never taken from the state's disk.
    static let reserve = 512 << 20
    static let lifetime: TimeInterval = 3600

    let directory: String
    private struct Upload {
        /// The connection sending it; nil once an import took it.
        var owner: ObjectIdentifier?
        let started: Date
        var size: Int
    }

    private var uploads: [String: Upload] = [:]
    /// Free bytes on the state's disk (a parameter: tests fill a disk without filling one).
    private let freeSpace: (String) -> Int

    /// Empties (or makes) the directory: uploads do not outlive the daemon.
    init(stateDirectory: String, freeSpace: @escaping (String) -> Int = Uploads.freeBytes) throws(PrivateDirectory.Problem) {
        directory = stateDirectory + "/uploads"
        self.freeSpace = freeSpace
        try PrivateDirectory.ensure(directory)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] { unlink(directory + "/" + name) }
    }

    /// Appends a base64 chunk to `token`'s file (a new upload when nil); returns the token and size.
    func append(_ token: String?, base64: String, owner: ObjectIdentifier, now: Date) throws(Failure) -> (token: String, size: Int) {
        guard base64.utf8.count <= (Self.maxChunk / 3 + 1) * 4 else { throw .badChunk("a chunk is at most \(Self.maxChunk >> 10) KiB") }
        guard let data = Data(base64Encoded: base64) else { throw .badChunk("'data' is not base64") }
        let name: String
        if let token {
            guard Self.isToken(token), let upload = uploads[token], upload.owner == owner else { throw .unknown(token) }
            name = token
        } else {
            expire(now: now)
            guard uploads.values.filter({ $0.owner == owner }).count < Self.maxPerClient else { throw .tooMany(limit: Self.maxPerClient) }
            name = Self.newToken()
        }
        let size = uploads[name]?.size ?? 0
        guard size + data.count <= Self.maxSize else {
            remove(name)
            throw .tooLarge(limit: Self.maxSize)
        }
        let total = uploads.values.reduce(0) { $0 + $1.size }
        guard total + data.count <= Self.maxTotal else { throw .full(total: total) }
        let free = freeSpace(directory)
        guard free - data.count >= Self.reserve else { throw .diskFull(free: free) }
        if token == nil { uploads[name] = Upload(owner: owner, started: now, size: 0) }
        let file = directory + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .storage(errorText()) }
        defer { close(fd) }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(fd, $0.baseAddress! + offset, data.count - offset) }
            guard written > 0 else {
                let reason = errorText()
                remove(name)
                throw .storage(reason)
            }
            offset += written
        }
        uploads[name]?.size = size + data.count
        return (name, size + data.count)
    }

    /// An import takes the upload: it is no longer its connection's (the import removes it when it ends).
    func claim(_ token: String, owner: ObjectIdentifier) throws(Failure) -> String {
        guard Self.isToken(token), let upload = uploads[token], upload.owner == owner else { throw .unknown(token) }
        uploads[token]?.owner = nil
        return directory + "/" + token
    }

    /// Removes an upload: its file is unlinked on a thread of its own (freeing a file of hundreds
    /// of MiB takes the file system tens of milliseconds, too long for the loop).
    func remove(_ token: String) {
        guard Self.isToken(token) else { return }
        uploads[token] = nil
        let path = directory + "/" + token
        // Renamed first, so that a new upload can never meet the file being freed.
        let doomed = directory + "/.gone-" + token
        guard rename(path, doomed) == 0 else {
            unlink(path)
            return
        }
        Thread.detachNewThread { unlink(doomed) }
    }

    /// A connection closed: what it was still sending goes.
    func clientClosed(_ owner: ObjectIdentifier) {
        for (token, upload) in uploads where upload.owner == owner { remove(token) }
    }

    private func expire(now: Date) {
        for (token, upload) in uploads where upload.owner != nil && now.timeIntervalSince(upload.started) > Self.lifetime { remove(token) }
    }

    /// Bytes available to us on the disk holding `path` (0 when unknown: refuse rather than guess).
    static func freeBytes(_ path: String) -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        let (bytes, overflow) = Int(clamping: info.f_bavail).multipliedReportingOverflow(by: Int(clamping: info.f_frsize))
        return overflow ? Int.max : bytes
    }

    private static func newToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        return bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    private static func isToken(_ token: String) -> Bool {
        token.utf8.count == 32 && token.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
