import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectSystemd
import ConnectTime
import Foundation
import Glibc

/// Follows msmtp's log (`[detect] msmtp_log`): a pass reads what was appended since the last one
/// (where it stopped is kept in the state: the file's inode and the offset), at most 256 KiB a
/// loop turn, and hands the mails that went out to `Detecting` in the turn's batch, so a
/// proposal and the place it was read up to are committed together. A rotated or truncated log
/// is read from its start; lines older than `[detect] since` are passed over. Only a regular
/// file of the user's own is read. Passes run at start, every 5 minutes, and on `connectctl detect`.
final class MsmtpDetector: BackgroundWork {
    private let runtime: DaemonRuntime
    private var wake: () -> Void = {}
    private var timer: EventSource?
    private var loop: EventLoop?
    /// A pass is under way (or asked for); those waiting for its end.
    private var passWanted = false
    private var waiting: [(Result<Summary, any Error>) -> Void] = []
    private var summary = Summary()
    /// The step of the running turn ended the pass (or failed it).
    private var stepEnded: Result<Void, any Error>?

    static let source = "msmtp"
    static let bytesPerStep = 256 * 1024
    /// A step stops after this long (between groups of `messagesPerGroup` mails).
    static let stepSeconds = 0.015
    static let messagesPerGroup = 32
    static let every: Double = 300

    /// What a pass found.
    struct Summary: Equatable {
        var mails = 0
        var outcome = Detecting.Outcome()
        /// Why nothing could be read ("no such file"), if so.
        var problem: String?
    }

    init(runtime: DaemonRuntime) { self.runtime = runtime }

    /// The file as configured ("~/" resolved), or nil when msmtp's log is not read.
    var path: String? { runtime.config.detect.msmtpLog.map(runtime.expandingHome) }

    func attach(loop: EventLoop, wake: @escaping () -> Void) {
        self.loop = loop
        self.wake = wake
        schedule()
    }

    /// A pass now; `done` hears what it found once it is committed.
    func requestPass(_ done: ((Result<Summary, any Error>) -> Void)? = nil) {
        if let done { waiting.append(done) }
        guard path != nil else {
            var none = Summary()
            none.problem = "no source is configured"
            for callback in waiting { callback(.success(none)) }
            waiting = []
            return
        }
        passWanted = true
        wake()
    }

    /// Passes every 5 minutes while a source is configured (none: no timer, no wake-ups); called
    /// again when the config is reloaded.
    func schedule() {
        timer?.cancel()
        timer = nil
        guard path != nil else { return }
        timer = try? loop?.addTimer(after: Self.every) { [weak self] in
            self?.requestPass()
            self?.schedule()
        }
        requestPass()
    }

    // MARK: BackgroundWork

    var wantsTurn: Bool { passWanted }

    func step(in batch: Batch) {
        let workspace = Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
        do {
            let more = try batch.write(workspace) { try readStep(in: $0) }
            stepEnded = more ? nil : .success(())
        } catch {
            stepEnded = .failure(error)
        }
    }

    func settled(_ outcome: Batch.Outcome) {
        var ended = stepEnded
        stepEnded = nil
        if case .failed(let error) = outcome { ended = .failure(error) }
        guard let ended else { return }
        passWanted = false
        let found = summary
        summary = Summary()
        let callbacks = waiting
        waiting = []
        switch ended {
        case .success:
            if found.outcome.proposed + found.outcome.logged > 0 {
                runtime.log.info("Read msmtp's log: \(found.mails) mails sent, \(found.outcome.proposed) proposed, \(found.outcome.logged) logged.")
            }
            for callback in callbacks { callback(.success(found)) }
        case .failure(let error):
            runtime.log.warning("Could not read msmtp's log: \(error)")
            for callback in callbacks { callback(.failure(error)) }
        }
    }

    /// Reads one bounded piece; true if more is waiting.
    private func readStep(in ws: Workspace) throws -> Bool {
        guard let path else { return false }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            summary.problem = "\(path): \(String(cString: strerror(errno)))"
            return false
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            summary.problem = "\(path) is not a regular file"
            return false
        }
        guard info.st_uid == getuid() else {
            summary.problem = "\(path) belongs to uid \(info.st_uid), not to you: connectd reads only your own log"
            return false
        }
        let file = Int64(bitPattern: UInt64(info.st_ino))
        let size = Int64(info.st_size)
        var offset: Int64 = 0
        if let cursor = try ws.session.detectCursor(Self.source), cursor.file == file, cursor.offset <= size { offset = cursor.offset }
        guard offset < size else { return false }
        var buffer = [UInt8](repeating: 0, count: Self.bytesPerStep)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Self.bytesPerStep, off_t(offset)) }
        guard count > 0 else { return false }
        // Whole lines only: a line still being written waits for the next pass; a whole piece
        // without an end of line is a line longer than any of msmtp's, passed over.
        guard let end = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) ?? (count == Self.bytesPerStep ? count : nil) else {
            return false
        }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))
        // msmtp writes the local time of the machine (not connectd's time_zone, which may differ).
        let logCalendar = LocalCalendar(zone: TimeZoneDatabase.system(environment: runtime.environment))
        let oldest = ws.now.addingTimeInterval(-runtime.config.detect.since)
        // In small groups, within a time budget: a big log is read over many turns, with the
        // clients served between them.
        let deadline = runtime.monotonic.seconds() + Self.stepSeconds
        var messages: [Detecting.Message] = []
        var lineStart = 0
        var consumed = 0
        func hand() throws {
            summary.mails += messages.count
            let outcome = try Detecting.found(messages, kind: .email, source: Self.source, rules: runtime.config.detect.rules, in: ws)
            summary.outcome.proposed += outcome.proposed
            summary.outcome.logged += outcome.logged
            summary.outcome.tooMany += outcome.tooMany
            messages = []
        }
        while lineStart < end {
            let lineEnd = buffer[lineStart..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
            let text = String(decoding: buffer[lineStart..<lineEnd], as: UTF8.self)
            if let line = MsmtpLogLine.parse(text[...]), line.sent, let at = Self.instant(line, notAfter: modified, calendar: logCalendar), at >= oldest {
                messages.append(Detecting.Message(at: min(at, ws.now), recipients: line.recipients,
                                                  key: "\(file):\(offset + Int64(lineStart))", subject: nil))
            }
            lineStart = min(lineEnd + 1, end)
            if messages.count >= Self.messagesPerGroup {
                try hand()
                consumed = lineStart
                if runtime.monotonic.seconds() > deadline { break }
            }
        }
        if lineStart >= end {
            try hand()
            consumed = end
        }
        let next = offset + Int64(consumed)
        try ws.session.setDetectCursor(Self.source, file: file, offset: next)
        return next < size
    }

    /// msmtp's default time has no year: the latest such day not after the file was last written.
    static func instant(_ line: MsmtpLogLine, notAfter modified: Date, calendar: LocalCalendar) -> Date? {
        let last = calendar.day(of: modified)
        var year = last.year
        if (line.month, line.day) > (last.month, last.day) { year -= 1 }
        guard let day = CivilDate(year: year, month: line.month, day: line.day) else { return nil }
        return calendar.instant(LocalDateTime(date: day, hour: line.hour, minute: line.minute, second: min(line.second, 59)))
    }
}
