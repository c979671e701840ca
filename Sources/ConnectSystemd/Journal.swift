import CSystemd
import Glibc

/// Writes structured entries to the systemd journal with `sd_journal_sendv`. Field names are
/// upper-case (`MESSAGE`, `PRIORITY`, `CONNECTD_PERSON`); values are sent as given.
public enum Journal {
    /// Sends one entry; returns false (never throws) when no journald is listening.
    @discardableResult
    public static func send(_ fields: [(String, String)]) -> Bool {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (name, value) in fields {
            let start = bytes.count
            bytes.append(contentsOf: "\(name)=\(value)".utf8)
            ranges.append(start..<bytes.count)
        }
        return bytes.withUnsafeMutableBytes { buffer in
            let iovecs = ranges.map { iovec(iov_base: buffer.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(iovecs, Int32(iovecs.count)) >= 0
        }
    }

    /// True when our stderr is connected to journald (systemd sets `$JOURNAL_STREAM` to its device:inode).
    public static var stderrIsJournal: Bool {
        guard let value = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(2, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
