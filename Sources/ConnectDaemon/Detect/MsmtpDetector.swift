import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectStore
import ConnectSystemd
import ConnectTime
import Foundation
import Glibc

/// Follows msmtp's log (`[detect] msmtp_log`): a pass reads what was appended since the last one
/// and hands the mails that went out to `Detecting` in the turn's batch, a bounded piece a loop
/// turn (15 ms, groups of 32 recipients), so a proposal and the place it was read up to are
/// committed together. Where it stopped is kept in the state: the file's inode, the offset and a
/// mark of the bytes before it, so a rotated, truncated or rewritten log is read again from its
/// start; a mail is known by its line's text, so reading it again proposes nothing twice.
/// msmtp writes no years: a first reading counts the turns of the year (December to January)
/// through the whole file first, so the last line is in the year the file was written and each
/// earlier one where it belongs. Only a regular file of the user's own is read. Passes run at
/// start, every 5 minutes while a source is configured, and on `connectctl detect`.
final class MsmtpDetector: BackgroundWork {
    private let runtime: DaemonRuntime
    private var timer: EventSource?
    /// Times the passes (nil in tests, which ask for each pass).
    private let loop: EventLoop?
    private let pass: DetectPass
    /// Lines that name recipients but are not in msmtp's default form, in this pass.
    private var unreadable = 0
    /// A first reading's count of the year's turns, a piece a turn, before any line is read.
    private var counting: Counting?

    static let source = "msmtp"
    static let bytesPerStep = 256 * 1024
    /// A step stops after this long (between groups of mails).
    static let stepSeconds = 0.015
    /// Recipients handed to `Detecting` between looks at the clock.
    static let recipientsPerGroup = 32
    /// The bytes before the offset that the cursor's mark covers.
    static let markBytes = 64
    static let every: Double = 300

    init(runtime: DaemonRuntime, loop: EventLoop?) {
        self.runtime = runtime
        self.loop = loop
        pass = DetectPass(source: "msmtp's log", log: runtime.log)
        if loop != nil { schedule() }
    }

    /// The file as configured ("~/" resolved), or nil when msmtp's log is not read.
    var path: String? { runtime.config.detect.msmtpLog.map(runtime.expandingHome) }

    /// A pass now; `done` hears what it found once it is committed.
    func requestPass(_ done: ((Result<DetectSummary, any Error>) -> Void)? = nil) {
        pass.request(configured: path != nil, done)
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

    var wantsTurn: Bool { pass.wanted }

    func step(in batch: Batch) {
        pass.step(in: batch, Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)) {
            try readStep(in: $0)
        }
    }

    func settled(_ outcome: Batch.Outcome) {
        let ended = pass.settled(outcome) { found in
            if found.problem == nil, unreadable > 0 {
                found.problem = "lines that name recipients are not in msmtp's default form (\(unreadable) of them; it is "
                    + "\"Dec 07 10:46:09 … recipients=…\", the month in English, German, French, Spanish, Italian, Dutch, Portuguese, "
                    + "a Scandinavian language or Polish): a logfile_time_format? connectd reads the default form only"
            }
        }
        guard ended != nil else { return }
        counting = nil
        unreadable = 0
    }

    /// Reads one bounded piece; true if more is waiting.
    private func readStep(in ws: Workspace) throws -> Bool {
        guard let path else { return false }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            pass.summary.problem = errno == ELOOP ? "\(path) is a symbolic link: name the file itself in [detect] msmtp_log"
                : "\(path): \(String(cString: strerror(errno)))"
            return false
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            pass.summary.problem = "\(path) is not a regular file"
            return false
        }
        guard info.st_uid == getuid() else {
            pass.summary.problem = "\(path) belongs to uid \(info.st_uid), not to you: connectd reads only your own log"
            return false
        }
        let file = Int64(bitPattern: UInt64(info.st_ino))
        let size = Int64(info.st_size)
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))
        // msmtp writes the local time of the machine (not connectd's time_zone, which may differ).
        let logCalendar = LocalCalendar(zone: TimeZoneDatabase.system(environment: runtime.environment))
        var cursor = try ws.session.detectCursor(Self.source)
        if let known = cursor, known.file != file || known.offset > size || Self.mark(fd, before: known.offset) != known.mark {
            cursor = nil  // rotated, truncated or rewritten: from the start (known lines are not proposed again)
        }
        guard let cursor else { return try count(fd, file: file, size: size, modified: modified, calendar: logCalendar, in: ws) }
        guard cursor.offset < size else { return false }
        var buffer = [UInt8](repeating: 0, count: Self.bytesPerStep)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Self.bytesPerStep, off_t(cursor.offset)) }
        guard count > 0 else { return false }
        // Whole lines only: a line still being written waits for the next pass; a whole piece
        // without an end of line is a line longer than any of msmtp's, passed over.
        guard let end = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) ?? (count == Self.bytesPerStep ? count : nil) else {
            return false
        }
        let oldest = ws.now.addingTimeInterval(-runtime.config.detect.since)
        let deadline = runtime.monotonic.seconds() + Self.stepSeconds
        var (year, month) = (cursor.year, cursor.month)
        var messages: [Detecting.Message] = []
        var recipients = 0
        var lineStart = 0
        var consumed = (offset: 0, year: year, month: month)
        func hand() throws {
            pass.summary.add(try Detecting.found(messages, kind: .email, source: Self.source, rules: runtime.config.detect.rules, in: ws),
                        mails: messages.count)
            messages = []
            recipients = 0
        }
        while lineStart < end {
            let lineEnd = buffer[lineStart..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
            let bytes = buffer[lineStart..<lineEnd]
            let text = String(decoding: bytes, as: UTF8.self)
            guard let line = MsmtpLogLine.parse(text[...]) else {
                if text.contains(" recipients=") { unreadable += 1 }
                lineStart = min(lineEnd + 1, end)
                continue
            }
            if line.month < month { year += 1 }  // December, then January
            month = line.month
            if line.sent, let at = Self.instant(line, year: year, calendar: logCalendar), at >= oldest {
                messages.append(Detecting.Message(at: min(at, ws.now), recipients: line.recipients, key: SHA256.hex(bytes).prefix(32).description,
                                                  subject: nil))
                recipients += line.recipients.count
            }
            lineStart = min(lineEnd + 1, end)
            if recipients >= Self.recipientsPerGroup {
                try hand()
                consumed = (lineStart, year, month)
                if runtime.monotonic.seconds() > deadline { break }
            }
        }
        if lineStart >= end {
            try hand()
            consumed = (end, year, month)
        }
        let next = cursor.offset + Int64(consumed.offset)
        try ws.session.setDetectCursor(Self.source, StoreSession.DetectCursor(file: file, offset: next, mark: Self.mark(fd, before: next),
                                                                             year: consumed.year, month: consumed.month))
        return next < size
    }

    /// A first reading: counts the turns of the year through the file (256 KiB a step), then
    /// sets the cursor at its start with the year its first line is in. True: more to do.
    private func count(_ fd: Int32, file: Int64, size: Int64, modified: Date, calendar: LocalCalendar, in ws: Workspace) throws -> Bool {
        var state = counting ?? Counting()
        var buffer = [UInt8](repeating: 0, count: Self.bytesPerStep)
        let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Self.bytesPerStep, off_t(state.offset)) }
        if read > 0 {
            let end = buffer[0..<read].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? read
            var lineStart = 0
            while lineStart < end {
                let lineEnd = buffer[lineStart..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
                if let month = Self.month(buffer[lineStart..<min(lineEnd, lineStart + 4)]) {
                    if state.firstMonth == nil { state.firstMonth = month }
                    if month < state.month { state.wraps += 1 }
                    state.month = month
                }
                lineStart = lineEnd + 1
            }
            state.offset += Int64(end)
            counting = state
            if state.offset < size { return true }
        }
        // The last line is in the year the file was written (or the one before, if its month is later).
        counting = nil
        let written = calendar.day(of: modified)
        let lastYear = state.month > written.month ? written.year - 1 : written.year
        try ws.session.setDetectCursor(Self.source, StoreSession.DetectCursor(file: file, offset: 0, mark: "", year: lastYear - state.wraps,
                                                                             month: state.firstMonth ?? 1))
        return size > 0
    }

    private struct Counting {
        var offset: Int64 = 0
        var wraps = 0
        var month = 0
        var firstMonth: Int?
    }

    /// The month of a line from its first three letters.
    static func month(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count == 4, bytes.last == 32 else { return nil }
        let name = String(decoding: bytes.dropLast(), as: UTF8.self).lowercased()
        return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].firstIndex(of: name).map { $0 + 1 }
    }

    /// A hash of the bytes just before `offset`: if they change, the file was rewritten.
    static func mark(_ fd: Int32, before offset: Int64) -> String {
        let length = Int(min(offset, Int64(markBytes)))
        guard length > 0 else { return "" }
        var bytes = [UInt8](repeating: 0, count: length)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(offset - Int64(length))) }
        return read == length ? SHA256.hex(bytes) : "unreadable"
    }

    /// The instant of a line in `year` (its day must exist that year).
    static func instant(_ line: MsmtpLogLine, year: Int, calendar: LocalCalendar) -> Date? {
        guard let day = CivilDate(year: year, month: line.month, day: line.day) else { return nil }
        return calendar.instant(LocalDateTime(date: day, hour: line.hour, minute: line.minute, second: min(line.second, 59)))
    }
}
