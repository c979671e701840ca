import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation
import Glibc

/// Sent mail through notmuch (`[detect] notmuch = true`), as the daemon's background work: a
/// pass finds the mail you sent (To and Cc: the people you wrote to) and the replies others sent
/// in threads you took part in (From: the people who wrote back), and hands them to `Detecting`
/// in steps of at most 15 ms, the query kept open between turns. Read from each message: From,
/// To, Cc, Date, Message-ID, List-Id, Precedence, and the Subject only with `subjects = true`;
/// never a body. Mailing lists and bulk mail are not conversations. The first pass looks back
/// `since`; after it, only what changed since notmuch's revision (`lastmod`, with the database's
/// uuid) is read. Passes run at start, when the database changes (notmuch new), every 5 minutes,
/// and on `connectctl detect`; a database being written is tried again later, quietly.
final class NotmuchDetector: BackgroundWork {
    private let runtime: DaemonRuntime
    private let loop: EventLoop?
    private var timer: EventSource?
    private var watch: EventSource?
    private var watchedDirectory: String?
    private var debounce: ResettableTimer?
    private var passWanted = false
    private var waiting: [(Result<DetectSummary, any Error>) -> Void] = []
    private var summary = DetectSummary()
    private var pass: Pass?
    private var stepEnded: Result<Void, any Error>?
    private var loggedProblem: String?
    /// Loaded on the first pass (nil: not tried yet).
    private var library: Result<NotmuchLibrary, NotmuchProblem>?

    static let source = "notmuch"
    static let stepSeconds = 0.015
    static let recipientsPerGroup = 32
    static let every: Double = 300
    /// After the database changed: wait this long for more changes (notmuch new commits in pieces).
    static let settleSeconds = 2.0

    init(runtime: DaemonRuntime, loop: EventLoop?) {
        self.runtime = runtime
        self.loop = loop
        if let loop {
            debounce = try? loop.addResettableTimer { [weak self] in self?.requestPass() }
            schedule()
        }
    }

    var isConfigured: Bool { runtime.config.detect.notmuch }

    /// A pass now; `done` hears what it found once it is committed.
    func requestPass(_ done: ((Result<DetectSummary, any Error>) -> Void)? = nil) {
        if let done { waiting.append(done) }
        guard isConfigured else {
            var none = DetectSummary()
            none.problem = "no source is configured"
            for callback in waiting { callback(.success(none)) }
            waiting = []
            return
        }
        passWanted = true
    }

    /// Passes every 5 minutes while notmuch is read; called again when the config is reloaded.
    func schedule() {
        timer?.cancel()
        timer = nil
        guard isConfigured else {
            watch?.cancel()
            watch = nil
            watchedDirectory = nil
            return
        }
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
        // The pass is over; one that failed is read again from the cursor by the next.
        pass?.close()
        pass = nil
        let found = summary
        summary = DetectSummary()
        if found.problem != loggedProblem {
            if let problem = found.problem { runtime.log.warning("notmuch cannot be read: \(problem).") }
            loggedProblem = found.problem
        }
        let callbacks = waiting
        waiting = []
        switch ended {
        case .success:
            if found.outcome.proposed + found.outcome.logged > 0 {
                runtime.log.info("Read notmuch: \(found.mails == 1 ? "1 mail" : "\(found.mails) mails"), \(found.outcome.proposed) proposed, \(found.outcome.logged) logged.")
            }
            for callback in callbacks { callback(.success(found)) }
        case .failure(let error):
            runtime.log.warning("Could not read notmuch: \(error)")
            for callback in callbacks { callback(.failure(error)) }
        }
    }

    /// One bounded piece of the pass; true if more is waiting.
    private func readStep(in ws: Workspace) throws -> Bool {
        if pass == nil {
            do {
                pass = try begin(in: ws)
            } catch let problem as NotmuchProblem {
                if case .busy = problem {
                    // Said once in the log, not as a problem: the next pass tries again.
                    if loggedProblem != problem.description { runtime.log.info("notmuch: \(problem); trying again at the next pass.") }
                    loggedProblem = problem.description
                    return false
                }
                summary.problem = problem.description
                return false
            }
            guard pass != nil else { return false }
        }
        guard let pass else { return false }
        let deadline = runtime.monotonic.seconds() + Self.stepSeconds
        let rules = runtime.config.detect.rules
        var messages: [Detecting.Message] = []
        var recipients = 0
        func hand() throws {
            summary.add(try Detecting.found(messages, kind: .email, source: Self.source, rules: rules, in: ws), mails: messages.count)
            messages = []
            recipients = 0
        }
        while let message = pass.next(subjects: runtime.config.detect.subjects, now: ws.now) {
            if let message {
                messages.append(message)
                recipients += message.recipients.count
            }
            if recipients >= Self.recipientsPerGroup {
                try hand()
                if runtime.monotonic.seconds() > deadline { return true }
            }
        }
        try hand()
        pass.close()
        guard pass.complete else {
            // The database changed under the search: the cursor stays, the next pass reads it again.
            return false
        }
        try ws.session.setDetectCursor(Self.source, StoreSession.DetectCursor(file: 0, offset: Int64(clamping: pass.revision), mark: pass.uuid,
                                                                             year: 0, month: 0))
        return false
    }

    /// Opens the database and starts the searches of this pass (nil: nothing to read).
    private func begin(in ws: Workspace) throws -> Pass? {
        if library == nil { library = NotmuchLibrary.load() }
        let library = try library!.get()
        let configPath = runtime.environment["NOTMUCH_CONFIG"]
        let database = try library.open(configPath: configPath)
        var uuidPointer: UnsafePointer<CChar>?
        let revision = library.revision(database, &uuidPointer)
        let uuid = uuidPointer.map { String(cString: $0) } ?? ""
        let me = Set((library.values(database, "user.primary_email") + library.values(database, "user.other_email"))
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        guard !me.isEmpty else {
            _ = library.destroyDatabase(database)
            throw NotmuchProblem.unreadable("notmuch's config names none of your addresses (user.primary_email, user.other_email): "
                                            + "connectd cannot tell what you sent")
        }
        if let path = library.databasePath(database).map({ String(cString: $0) }) { watchDatabase(at: path) }
        let cursor = try ws.session.detectCursor(Self.source)
        let oldest = ws.now.addingTimeInterval(-runtime.config.detect.since)
        var from: UInt = 0
        if let cursor, cursor.mark == uuid, cursor.offset >= 0 {
            guard UInt64(cursor.offset) < UInt64(revision) else {
                _ = library.destroyDatabase(database)
                return nil
            }
            from = UInt(cursor.offset) + 1
        }
        let window = "date:@\(Int64(oldest.timeIntervalSince1970))..@\(Int64(ws.now.timeIntervalSince1970) + 86400) and lastmod:\(from)..\(revision)"
        let fromMe = "(" + me.sorted().map { "from:\"\(Self.quoted($0))\"" }.joined(separator: " or ") + ")"
        let pass = Pass(library: library, database: database, revision: revision, uuid: uuid, me: me, oldest: oldest,
                        maxRecipients: runtime.config.detect.rules.maxRecipients)
        do {
            try pass.search("\(fromMe) and \(window)", role: .sent)
            // Inside thread:{…} notmuch takes no quotes and no spaces: one plain address each.
            let plain = me.sorted().filter { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "@.-_+".contains($0)) } }
            if !plain.isEmpty {
                try pass.search("(\(plain.map { "thread:{from:\($0)}" }.joined(separator: " or "))) and not \(fromMe) and \(window)", role: .reply)
            }
        } catch {
            pass.close()
            throw error
        }
        return pass
    }

    /// A change of the database (notmuch new) asks for a pass once it has settled.
    private func watchDatabase(at path: String) {
        guard let loop else { return }
        let candidates = [path + "/.notmuch/xapian", path + "/xapian"]
        guard let directory = candidates.first(where: { var info = stat(); return stat($0, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR }),
              directory != watchedDirectory else { return }
        watch?.cancel()
        // IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE
        watch = try? loop.addInotify(path: directory, mask: 0x008 | 0x080 | 0x100) { [weak self] _ in
            self?.debounce?.arm(after: Self.settleSeconds)
        }
        watchedDirectory = watch == nil ? nil : directory
    }

    /// A term inside notmuch's double quotes.
    static func quoted(_ text: String) -> String { text.replacingOccurrences(of: "\"", with: "\"\"") }

    /// One pass's open searches, read a message at a time across turns.
    private final class Pass {
        enum Role { case sent, reply }
        let library: NotmuchLibrary
        let revision: UInt
        let uuid: String
        private var database: NotmuchLibrary.Database?
        private var searches: [(query: NotmuchLibrary.Query, messages: NotmuchLibrary.Messages, role: Role, expected: UInt32, seen: UInt32)] = []
        private let me: Set<String>
        private let oldest: Date
        private let maxRecipients: Int
        /// Every search was read to the count it announced (not cut short by a change of the database).
        private(set) var complete = true

        init(library: NotmuchLibrary, database: NotmuchLibrary.Database, revision: UInt, uuid: String, me: Set<String>, oldest: Date,
             maxRecipients: Int) {
            self.library = library
            self.database = database
            self.revision = revision
            self.uuid = uuid
            self.me = me
            self.oldest = oldest
            self.maxRecipients = maxRecipients
        }

        func search(_ text: String, role: Role) throws(NotmuchProblem) {
            guard let database else { return }
            let count = library.count(database, text)
            let (query, messages) = try library.search(database, text)
            searches.append((query, messages, role, count ?? 0, 0))
        }

        /// The next message: nil when the pass is read; .some(nil) for one that does not count.
        func next(subjects: Bool, now: Date) -> Detecting.Message?? {
            while let search = searches.first {
                guard library.messagesValid(search.messages) != 0, let message = library.messagesGet(search.messages) else {
                    if search.seen < search.expected { complete = false }
                    library.queryDestroy(search.query)
                    searches.removeFirst()
                    continue
                }
                defer {
                    library.messageDestroy(message)
                    library.messagesNext(search.messages)
                    searches[0].seen += 1
                }
                return .some(read(message, role: search.role, subjects: subjects, now: now))
            }
            return nil
        }

        private func read(_ message: NotmuchLibrary.Message, role: Role, subjects: Bool, now: Date) -> Detecting.Message? {
            // Lists and bulk mail are not conversations.
            if let list = library.header(message, "List-Id"), !list.isEmpty { return nil }
            if let precedence = library.header(message, "Precedence")?.lowercased(),
               ["bulk", "list", "junk"].contains(precedence.trimmingCharacters(in: .whitespaces)) { return nil }
            let at = Date(timeIntervalSince1970: Double(library.messageDate(message)))
            guard at >= oldest, let id = library.messageID(message).map({ String(cString: $0) }) else { return nil }
            let to = MailAddressList.parse(library.header(message, "To") ?? "")
            let cc = MailAddressList.parse(library.header(message, "Cc") ?? "")
            let recipients: [String]
            switch role {
            case .sent:
                recipients = (to + cc).filter { !me.contains($0) }
            case .reply:
                // Someone wrote back in a thread of yours, to a few people at most.
                guard to.count + cc.count <= maxRecipients, let from = MailAddressList.parse(library.header(message, "From") ?? "").first,
                      !me.contains(from) else { return nil }
                recipients = [from]
            }
            guard !recipients.isEmpty else { return nil }
            let subject = subjects ? library.header(message, "Subject").map { String($0.prefix(200)) } : nil
            return Detecting.Message(at: min(at, now), recipients: recipients, key: String(id.prefix(300)), subject: subject)
        }

        func close() {
            for search in searches { library.queryDestroy(search.query) }
            searches = []
            if let database { _ = library.destroyDatabase(database) }
            database = nil
        }

        deinit { close() }
    }
}
