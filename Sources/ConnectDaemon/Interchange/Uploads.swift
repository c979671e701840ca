import ConnectUnix
import Foundation
import Glibc

/// Files on their way into an import, sent by the client in chunks (a message is at most 1 MiB):
/// kept in `uploads/` of the state directory (0700), each named by a random token, removed after
/// the import, after an hour, or at the next start. Bounded in size and number, so a client
/// cannot fill the disk or the directory through them.
final class Uploads {
    enum Failure: Error, CustomStringConvertible {
        case unknown(String)
        case tooLarge(limit: Int)
        case tooMany(limit: Int)
        case badChunk(String)
        case storage(String)

        var description: String {
            switch self {
            case .unknown(let token): "There is no upload named '\(token.prefix(40))' (it was imported, expired after an hour, or the daemon restarted): send the file again."
            case .tooLarge(let limit): "The file is larger than \(limit >> 20) MiB, more than connectd imports at once: split it."
            case .tooMany(let limit): "\(limit) uploads are in progress already: wait for them to finish, or restart the daemon."
            case .badChunk(let reason): "The chunk could not be read: \(reason)."
            case .storage(let reason): "The upload could not be stored: \(reason)."
            }
        }
    }

    static let maxChunk = 512 << 10
    static let maxSize = 1 << 30
    static let maxUploads = 8
    static let lifetime: TimeInterval = 3600

    let directory: String
    private var started: [String: Date] = [:]

    /// Empties (or makes) the directory: uploads do not outlive the daemon.
    init(stateDirectory: String) throws(PrivateDirectory.Problem) {
        directory = stateDirectory + "/uploads"
        try PrivateDirectory.ensure(directory)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] { unlink(directory + "/" + name) }
    }

    /// The file of an upload, when the token names one.
    func path(_ token: String) throws(Failure) -> String {
        guard Self.isToken(token), started[token] != nil else { throw .unknown(token) }
        return directory + "/" + token
    }

    /// Appends a base64 chunk to `token`'s file (a new upload when nil); returns the token and size.
    func append(_ token: String?, base64: String, now: Date) throws(Failure) -> (token: String, size: Int) {
        guard base64.utf8.count <= (Self.maxChunk / 3 + 1) * 4 else { throw .badChunk("a chunk is at most \(Self.maxChunk >> 10) KiB") }
        guard let data = Data(base64Encoded: base64) else { throw .badChunk("'data' is not base64") }
        let name: String
        if let token {
            name = token
            _ = try path(token)
        } else {
            expire(now: now)
            guard started.count < Self.maxUploads else { throw .tooMany(limit: Self.maxUploads) }
            name = Self.newToken()
            started[name] = now
        }
        let file = directory + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .storage(errorText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .storage(errorText()) }
        guard Int(info.st_size) + data.count <= Self.maxSize else {
            remove(name)
            throw .tooLarge(limit: Self.maxSize)
        }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(fd, $0.baseAddress! + offset, data.count - offset) }
            guard written > 0 else { throw .storage(errorText()) }
            offset += written
        }
        return (name, Int(info.st_size) + data.count)
    }

    func remove(_ token: String) {
        guard Self.isToken(token) else { return }
        started[token] = nil
        unlink(directory + "/" + token)
    }

    private func expire(now: Date) {
        for (token, since) in started where now.timeIntervalSince(since) > Self.lifetime { remove(token) }
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
