import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectSystemd
import Foundation
import Glibc

/// Reads the calendars you keep (`[detect] calendars`: vdir collections of .ics files, as khal
/// and vdirsyncer keep them) for meetings with your people, and hands each occurrence within
/// `[detect] since` to `Detecting` as a meeting (`MeetingContacts` says which count). The
/// timer's passes read the files that changed since the last pass (their size and modification
/// time, kept in memory); the first pass and `connectctl detect` read every file (someone added
/// since may be in an old meeting; reading again proposes nothing twice), `filesPerStep` a loop turn; only regular files of your own, at most 1 MiB
/// each, at most `maxFiles` a directory. Passes run at start, every 15 minutes while calendars
/// are configured, and on `connectctl detect`.
final class CalendarDetector: BackgroundWork {
    private let runtime: DaemonRuntime
    private let loop: EventLoop?
    private var timer: EventSource?
    private let pass: DetectPass
    /// What each file was (size and modification time) when it was last read.
    private var seen: [String: String] = [:]
    /// The files this pass still has to read; nil before the directories are listed.
    private var queue: [(path: String, stamp: String)]?
    /// Where the pass stands in `queue`.
    private var next = 0
    /// The files of the step in the batch: read again by the next pass if the batch fails.
    private var piece: [String] = []
    private var unreadable = 0
    /// The next pass reads every file, changed or not.
    private var readAll = true

    static let source = "calendar"
    static let filesPerStep = 50
    static let meetingsPerStep = 500
    static let bytesPerStep = 1 << 20
    static let maxFiles = 20_000
    static let maxBytes = 1 << 20
    static let every: Double = 900

    init(runtime: DaemonRuntime, loop: EventLoop?) {
        self.runtime = runtime
        self.loop = loop
        pass = DetectPass(source: "your calendars", log: runtime.log, counting: "meeting")
        if loop != nil { schedule() }
    }

    var directories: [String] { runtime.config.detect.calendars.map(runtime.expandingHome) }

    /// A pass now; `all`: every file, not only the changed ones.
    func requestPass(all: Bool = true, _ done: ((Result<DetectSummary, any Error>) -> Void)? = nil) {
        if all { readAll = true }
        pass.request(configured: !directories.isEmpty, done)
    }

    /// Passes every 15 minutes while calendars are configured; called again on reload.
    func schedule() {
        timer?.cancel()
        timer = nil
        guard !directories.isEmpty else { return }
        timer = try? loop?.addTimer(after: Self.every) { [weak self] in
            self?.requestPass(all: false)
            self?.schedule()
        }
        requestPass(all: false)
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
                found.problem = "\(unreadable) \(unreadable == 1 ? "event" : "events") without a UID or a start (or in a file cut short) left out"
            }
        }
        if case .failed = outcome { for path in piece { seen[path] = nil } }
        piece = []
        guard ended != nil else { return }
        queue = nil
        unreadable = 0
    }

    /// Reads a piece of the pass; true if more is waiting.
    private func readStep(in ws: Workspace) throws -> Bool {
        if queue == nil {
            if readAll { seen.removeAll() }
            readAll = false
            queue = listChanged()
            next = 0
        }
        guard let files = queue, next < files.count else { return false }
        var meetings: [Meeting] = []
        var bytesRead = 0
        piece = []
        // At most `filesPerStep` files, and no more once `meetingsPerStep` events or `bytesPerStep` are in hand.
        while next < files.count, piece.count < Self.filesPerStep, meetings.count < Self.meetingsPerStep, bytesRead < Self.bytesPerStep {
            let file = files[next]
            next += 1
            piece.append(file.path)
            seen[file.path] = file.stamp
            guard let bytes = read(file.path) else { unreadable += 1; continue }
            bytesRead += bytes.count
            do {
                let read = try Meeting.read(bytes, calendar: ws.calendar, zone: runtime.zone)
                meetings += read.meetings
                unreadable += read.leftOut
            } catch {
                unreadable += 1
            }
        }
        let detect = runtime.config.detect
        let messages = try MeetingContacts.messages(meetings, from: ws.now.addingTimeInterval(-detect.since), until: ws.now,
                                                    subjects: detect.subjects, in: ws)
        var rules = detect.rules
        rules.maxRecipients = detect.maxAttendees
        pass.summary.add(try Detecting.found(messages, kind: .meeting, source: Self.source, rules: rules, in: ws), mails: messages.count)
        return next < files.count
    }

    /// The .ics files of the configured directories that are new or changed since they were read.
    private func listChanged() -> [(path: String, stamp: String)] {
        var changed: [(path: String, stamp: String)] = []
        for directory in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                pass.summary.problem = "\(directory) cannot be listed: is it a directory of .ics files (a vdir collection)?"
                continue
            }
            for name in names.sorted().prefix(Self.maxFiles) where name.hasSuffix(".ics") && !name.hasPrefix(".") {
                let path = directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid() else { continue }
                let stamp = "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
                if seen[path] != stamp { changed.append((path, stamp)) }
            }
        }
        return changed
    }

    /// A regular file of the user's own, not a link, at most `maxBytes`.
    private func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid(), info.st_size <= Self.maxBytes else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }
}
