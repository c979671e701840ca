import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation
import Glibc

/// Sent mail through notmuch (`[detect] notmuch = true`), as the daemon's background work: a
/// pass finds the mail you sent (To and Cc: the people you wrote to) and the replies others sent
/// to a mail of yours (In-Reply-To names it; From: who wrote back). Every libnotmuch call runs on
/// a thread of its own (a search over 100,000 messages, a locked database); the loop takes what
/// it found and hands it to `Detecting` in steps of at most 15 ms. Read from each message: From,
/// To, Cc, Date, Message-ID, In-Reply-To, List-Id, Precedence, and the Subject only with
/// `subjects = true`; never a body. Mailing lists and bulk mail are not conversations. The first
/// pass looks back `since`; after it, only what changed since notmuch's revision (`lastmod`, with
/// the database's uuid) is read. Passes run at start, when the database changes (notmuch new),
/// every 5 minutes, and on `connectctl detect`; a database being written is tried again later,
/// quietly.
final class NotmuchDetector: BackgroundWork {
    private let runtime: DaemonRuntime
    private let loop: EventLoop?
    private var timer: EventSource?
    private var watch: EventSource?
    private var watchedDirectory: String?
    private var debounce: ResettableTimer?
    private let pass: DetectPass
    /// The reading thread of a pass that failed, until it has stopped: no second one meanwhile.
    private var retiring: ThreadFeed<Found>?
    /// The running pass's reading thread.
    private var feed: ThreadFeed<Found>?
    /// Loaded at the first pass that finds it.
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
        pass = DetectPass(source: "notmuch", log: runtime.log)
        if let loop {
            debounce = try? loop.addResettableTimer { [weak self] in self?.requestPass() }
            schedule()
        }
    }

    var isConfigured: Bool { runtime.config.detect.notmuch }

    /// A pass now (one asked for while a pass reads runs after it: the database changed since
    /// that one began); `done` hears what it found once it is committed.
    func requestPass(_ done: ((Result<DetectSummary, any Error>) -> Void)? = nil) {
        pass.request(configured: isConfigured, done)
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

    /// While the reading thread searches, no turn is wanted: its items wake the loop.
    var wantsTurn: Bool {
        guard pass.wanted else { return false }
        guard let feed else { return retiring?.isRunning != true }
        let state = feed.state
        return !state.empty || state.ended
    }

    func step(in batch: Batch) {
        pass.step(in: batch, Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)) {
            try readStep(in: $0)
        }
    }

    func settled(_ outcome: Batch.Outcome) {
        guard let ended = pass.settled(outcome) else { return }
        // The pass is over; one that failed is read again from the cursor by the next (once its
        // thread, which may be inside a search, has stopped).
        feed?.cancel()
        if case .failure = ended, let feed, feed.isRunning { retiring = feed }
        feed = nil
    }

    /// Starts the reading thread, or takes what it found for at most 15 ms; true if more is coming.
    private func readStep(in ws: Workspace) throws -> Bool {
        guard let feed else {
            feed = try start(in: ws)
            return feed != nil
        }
        let deadline = runtime.monotonic.seconds() + Self.stepSeconds
        let rules = runtime.config.detect.rules
        var messages: [Detecting.Message] = []
        var recipients = 0
        func hand() throws {
            guard !messages.isEmpty else { return }
            pass.summary.add(try Detecting.found(messages, kind: .email, source: Self.source, rules: rules, in: ws), mails: messages.count)
            messages = []
            recipients = 0
        }
        reading: while runtime.monotonic.seconds() < deadline {
            let items = feed.take(atMost: Self.recipientsPerGroup)
            if items.isEmpty { break }
            for item in items {
                switch item {
                case .opened(let path):
                    if let path { watchDatabase(at: path) }
                case .message(let message):
                    messages.append(message)
                    recipients += message.recipients.count
                    if recipients >= Self.recipientsPerGroup { try hand() }
                case .read(let revision, let uuid):
                    try hand()
                    try ws.session.setDetectCursor(Self.source, StoreSession.DetectCursor(file: 0, offset: Int64(clamping: revision), mark: uuid,
                                                                                         year: 0, month: 0))
                    break reading
                }
            }
        }
        try hand()
        let state = feed.state
        guard state.ended, state.empty else { return true }
        if let problem = state.error as? NotmuchProblem {
            if case .busy = problem {
                // Said in the log, not as a problem: the next pass tries again.
                pass.sayOnce("\(problem); trying again at the next pass", warning: false)
            } else {
                pass.summary.problem = problem.description
            }
        } else if let error = state.error {
            throw error
        }
        return false
    }

    /// Starts the thread that searches notmuch for this pass (nil: the library cannot be loaded).
    private func start(in ws: Workspace) throws -> ThreadFeed<Found>? {
        retiring = nil
        // Tried again at each pass until it loads: notmuch installed later is used without a restart.
        if case .success = library {} else { library = NotmuchLibrary.load() }
        let library: NotmuchLibrary
        switch self.library! {
        case .success(let loaded): library = loaded
        case .failure(let problem):
            pass.summary.problem = problem.description
            return nil
        }
        let search = Search(library: library, configPath: runtime.environment["NOTMUCH_CONFIG"], cursor: try ws.session.detectCursor(Self.source),
                            oldest: ws.now.addingTimeInterval(-runtime.config.detect.since), now: ws.now,
                            maxRecipients: runtime.config.detect.rules.maxRecipients, subjects: runtime.config.detect.subjects)
        do {
            return try ThreadFeed(name: "notmuch-reader", loop: loop, maxItems: 1024, maxBytes: 4 << 20, size: { $0.approximateBytes }) {
                try search.run(into: $0)
            }
        } catch {
            pass.summary.problem = "connectd could not start reading notmuch (\(error))"
            return nil
        }
    }

    /// At the daemon's end: the reading thread stops (libnotmuch must not be inside Xapian when
    /// the process exits), waiting a few seconds at most.
    func stop() {
        for reader in [feed, retiring].compactMap({ $0 }) { reader.cancelAndWait(seconds: 3) }
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

    /// What the reading thread hands over, in order: where the database is, the messages that
    /// count, and last the revision read up to (only when every search was read through).
    enum Found: Sendable {
        case opened(path: String?)
        case message(Detecting.Message)
        case read(revision: UInt, uuid: String)

        var approximateBytes: Int {
            if case .message(let message) = self { return 64 + message.key.utf8.count + message.recipients.reduce(0) { $0 + $1.utf8.count + 16 } }
            return 64
        }
    }

    /// One pass's searches, run on the reading thread: every libnotmuch call happens there.
    private struct Search: Sendable {
        let library: NotmuchLibrary
        let configPath: String?
        let cursor: StoreSession.DetectCursor?
        let oldest: Date
        let now: Date
        let maxRecipients: Int
        let subjects: Bool

        func run(into producer: ThreadFeed<Found>.Producer) throws {
            let database = try library.open(configPath: configPath)
            defer { _ = library.destroyDatabase(database) }
            var uuidPointer: UnsafePointer<CChar>?
            let revision = library.revision(database, &uuidPointer)
            let uuid = uuidPointer.map { String(cString: $0) } ?? ""
            let me = Set((library.values(database, "user.primary_email") + library.values(database, "user.other_email"))
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
            guard !me.isEmpty else {
                throw NotmuchProblem.unreadable("notmuch's config names none of your addresses (user.primary_email, user.other_email): "
                                                + "connectd cannot tell what you sent")
            }
            try producer.push(.opened(path: library.databasePath(database).map { String(cString: $0) }))
            var from: UInt = 0
            if let cursor, cursor.mark == uuid, cursor.offset >= 0 { from = UInt(cursor.offset) + 1 }
            if from <= revision {
                let window = "date:@\(Int64(oldest.timeIntervalSince1970))..@\(Int64(now.timeIntervalSince1970) + 86400) and lastmod:\(from)..\(revision)"
                let fromMe = "(" + me.sorted().map { "from:\"\(NotmuchDetector.quoted($0))\"" }.joined(separator: " or ") + ")"
                var reader = MessageReader(library: library, database: database, me: me, oldest: oldest, now: now,
                                           maxRecipients: maxRecipients, subjects: subjects)
                try reader.read("\(fromMe) and \(window)", role: .sent, into: producer)
                // Others' mail: a reply to one of yours counts (In-Reply-To, looked up in notmuch).
                try reader.read("not \(fromMe) and \(window)", role: .reply, into: producer)
            }
            try producer.push(.read(revision: revision, uuid: uuid))
        }
    }

    /// Reads the messages of a search, a message at a time, into what counts.
    private struct MessageReader {
        enum Role { case sent, reply }
        let library: NotmuchLibrary
        let database: NotmuchLibrary.Database
        let me: Set<String>
        let oldest: Date
        let now: Date
        let maxRecipients: Int
        let subjects: Bool
        /// Messages replied to, and whether they are yours (a thread's replies look up its mails once).
        private var repliedTo: [String: Bool] = [:]

        init(library: NotmuchLibrary, database: NotmuchLibrary.Database, me: Set<String>, oldest: Date, now: Date, maxRecipients: Int,
             subjects: Bool) {
            self.library = library
            self.database = database
            self.me = me
            self.oldest = oldest
            self.now = now
            self.maxRecipients = maxRecipients
            self.subjects = subjects
        }

        /// Every message the query finds; throws `busy` if a message cannot be had (the database
        /// changed under the search), so that the cursor stays where it was.
        mutating func read(_ query: String, role: Role, into producer: ThreadFeed<Found>.Producer) throws {
            let (search, messages) = try library.search(database, query)
            defer { library.queryDestroy(search) }
            var seen = 0
            while library.messagesValid(messages) != 0 {
                guard let message = library.messagesGet(messages) else {
                    throw NotmuchProblem.busy("notmuch's database changed while connectd read it (after \(seen) messages)")
                }
                let found = read(message, role: role)
                library.messageDestroy(message)
                library.messagesNext(messages)
                seen += 1
                if let found { try producer.push(.message(found)) } else if seen % 256 == 0 { try producer.checkCancelled() }
            }
        }

        private mutating func read(_ message: NotmuchLibrary.Message, role: Role) -> Detecting.Message? {
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
                // Someone wrote back to a mail of yours, to a few people at most.
                guard to.count + cc.count <= maxRecipients, repliesToYou(message),
                      let from = MailAddressList.parse(library.header(message, "From") ?? "").first, !me.contains(from) else { return nil }
                recipients = [from]
            }
            guard !recipients.isEmpty else { return nil }
            // Anyone can write a subject: one with a terminal escape or a bidi override is left out.
            let subject = subjects ? library.header(message, "Subject").flatMap { try? TextRules.check(String($0.prefix(200)), .subject) } : nil
            return Detecting.Message(at: min(at, now), recipients: recipients, key: String(id.prefix(300)), subject: subject)
        }

        /// In-Reply-To names a message of yours (notmuch has it, and its From is one of your addresses).
        private mutating func repliesToYou(_ message: NotmuchLibrary.Message) -> Bool {
            guard let header = library.header(message, "In-Reply-To") else { return false }
            let ids = header.split(separator: "<").compactMap { $0.split(separator: ">").first.map(String.init) }.prefix(3)
            for id in ids where !id.isEmpty {
                if let known = repliedTo[id] {
                    if known { return true }
                    continue
                }
                let from = library.find(database, id).flatMap { found in
                    defer { library.messageDestroy(found) }
                    return library.header(found, "From").flatMap { MailAddressList.parse($0).first }
                }
                let yours = from.map(me.contains) ?? false
                if repliedTo.count < 10_000 { repliedTo[id] = yours }
                if yours { return true }
            }
            return false
        }
    }

    /// A term inside notmuch's double quotes.
    static func quoted(_ text: String) -> String { text.replacingOccurrences(of: "\"", with: "\"\"") }
}
