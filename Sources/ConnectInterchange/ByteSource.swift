#if canImport(Glibc)
import Glibc
#endif

/// Where an import reads its bytes from, a chunk at a time, so that a file of any size is read in
/// bounded memory.
public protocol ByteSource {
    /// The next chunk; empty at the end.
    mutating func next() throws -> ArraySlice<UInt8>
}

/// Bytes already in memory (tests, small inputs).
public struct MemoryBytes: ByteSource {
    private var bytes: [UInt8]?

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func next() -> ArraySlice<UInt8> {
        defer { bytes = nil }
        return bytes?[...] ?? []
    }
}

/// A file read with read(2) in 64 KiB chunks.
public final class FileBytes: ByteSource {
    public enum Failure: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case cannotRead(path: String, reason: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
            case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
            }
        }
    }

    private let fd: Int32
    private let path: String
    private var buffer = [UInt8](repeating: 0, count: 65536)

    public init(path: String) throws(Failure) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { close(fd) }

    public func next() throws -> ArraySlice<UInt8> {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count >= 0 { return buffer[0..<count] }
            if errno != EINTR { throw Failure.cannotRead(path: path, reason: String(cString: strerror(errno))) }
        }
    }
}
