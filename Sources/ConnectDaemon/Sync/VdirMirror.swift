import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectStore
import ConnectSystemd
import ConnectTime
import Foundation
import Glibc

/// Keeps a vdir (one file per item, as vdirsyncer, khard and todoman use) in step with the
/// database, both ways. Out: after each commit, the files of what changed are written (only
/// those whose content changed), atomically. In: the collections are watched (inotify through
/// the event loop); a file someone else wrote or removed is merged into the database. Each file's
/// etag and the hash of what we last wrote are kept in the database, so our own writes never
/// come back in, a restart finds what changed while connectd was not running, and a file changed
/// outside is merged before it is written over.
final class VdirMirror {
    let files: VdirFiles
    /// This machine's name in X-CONNECTD-MACHINE.
    let machine: String
    private let runtime: DaemonRuntime
    private let log: Log
    private var store: Store { runtime.keeper.store }
    private var flushTimer: ResettableTimer?
    private var scheduleTimer: ResettableTimer?
    /// Writes the birthdays and dates of changed cards a page per loop turn.
    private var occasionTask: DeferredTask?
    private var scheduleRefreshArmed = false
    /// People whose card changed: their birthday and date events are written with the next refresh.
    private var occasionsToWrite = Set<Int64>()
    static let scheduleDelay: Double = 10
    /// The next catch-ups are placed again at most this often: under a stream of writes their
    /// files (and the syncfs that makes them durable) would otherwise cost every write.
    static let catchUpsEvery: Double = 60
    private var lastCatchUps = -Double.infinity
    private var flushPending = false
    /// The next page of what the last commits changed.
    private var flushMoreTask: DeferredTask?
    private var fullPassTask: DeferredTask?
    private var watches: [EventSource] = []
    /// Files changed outside, to merge on coming loop turns, people first.
    private var pendingIncoming = IncomingFiles()
    /// What the step of the current turn merged (for when its batch settles).
    private var stepped: (names: Int, peopleChanged: Bool) = (0, false)
    /// Items of people not known yet: merged again when people arrive.
    private var waitingForPerson = Set<String>()
    /// Where writing the whole mirror has got to (at start: every row gets its file).
    private var fullPass: (table: MirroredTable, after: Int64, started: Double, written: Int)?
    static let pageSize = 500
    /// Rows a step of the full pass writes (a person is a card, and an event for the birthday and each date):
    /// each step's files and their one syncfs hold the loop, so the steps are small.
    static let fullPassPageSize = 100
    static let flushDelay = 0.01
    /// Files merged per loop turn at most, and the time a turn's merging may take: a large sync
    /// coming in (100,000 files) does not hold requests up.
    static let incomingPerTurn = 500
    static let incomingSeconds = 0.015

    /// A marker instead of a hash: the file could not be read; it is left alone until it changes.
    static let unreadable = "unreadable"

    /// Incoming files are merged in the turns' batches (the dispatcher finds them after the event
    /// that noticed them).
    init(root: String, machine: String, runtime: DaemonRuntime, log: Log) {
        files = VdirFiles(root: root)
        self.machine = machine
        self.runtime = runtime
        self.log = log
    }

    /// Creates the collections, starts watching them, merges what changed while connectd was
    /// not running and starts writing every file the mirror lacks.
    func start(loop: EventLoop) throws {
        try files.prepare()
        files.removeLeftovers()
        writeMissingMarkers()
        store.changes.isRecording = true
        flushTimer = try loop.addResettableTimer { [unowned self] in
            self.flushPending = false
            self.flush()
        }
        flushMoreTask = try loop.addDeferred(priority: 1) { [unowned self] in self.flush() }
        scheduleTimer = try loop.addResettableTimer { [unowned self] in self.refreshSchedule() }
        occasionTask = try loop.addDeferred(priority: 2) { [unowned self] in self.writeOccasionPage() }
        fullPassTask = try loop.addDeferred(priority: 2) { [unowned self] in self.fullPassStep() }
        // IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE (vdirsyncer links new files in)
        // | IN_DELETE; an overflow arrives without a name.
        for collection in VdirFiles.Collection.allCases {
            watches.append(try loop.addInotify(path: files.root + "/" + collection.rawValue, mask: 0x008 | 0x040 | 0x080 | 0x100 | 0x200) { [unowned self] name in
                guard !name.isEmpty else { return self.rescan() }
                guard name.hasSuffix(collection.fileExtension), !name.hasPrefix(".") else { return }
                guard !VdirMarkers.isMarker(collection.rawValue + "/" + name) else { return self.writeMissingMarkers() }
                self.pendingIncoming.insert(collection.rawValue + "/" + name)
            })
        }
        // The files follow 10 ms after the first commit: a stream of writes shares one flush
        // (one syncfs, one bookkeeping commit) instead of paying for each.
        runtime.keeper.onCommit { [weak self] in
            guard let self, !self.flushPending else { return }
            self.flushPending = true
            self.flushTimer?.arm(after: Self.flushDelay)
        }
        rescan()
        fullPass = (.person, 0, runtime.monotonic.seconds(), 0)
        fullPassTask?.schedule()
    }

    // MARK: Out: database to files

    /// A file as the database says it should be.
    struct Rendered {
        var name: String
        var person: String?
        var text: String
    }

    /// People removed because their card was removed in the vdir: their other files are left
    /// to the sync (see `flush`).
    private var removedOutside = Set<String>()

    /// Writes the files of what the last commits changed, and removes those of removed people:
    /// a page at a time, the next one once every pending request was read (an import of
    /// thousands of people must not hold requests up while its files are written).
    private func flush() {
        let changes = store.changes.take(atMost: Self.pageSize)
        guard !changes.isEmpty else { return }
        scheduleChanged()
        defer { if !store.changes.isEmpty { flushMoreTask?.schedule() } }
        do {
            var rendered: [Rendered] = []
            var removals: [String] = []
            try store.read { session in
                for id in changes.cards { if let file = try renderCard(id, session) { rendered.append(file) } }
                for id in changes.interactions {
                    // A shared interaction of someone removed on another machine: that machine writes its file, and the sync brings it.
                    if let uid = changes.handedOver[id], removedOutside.contains(uid) { continue }
                    if let file = try renderInteraction(id, session) { rendered.append(file) }
                }
                for id in changes.nudges { if let file = try renderNudge(id, session) { rendered.append(file) } }
                for id in changes.reflections { if let file = try renderReflection(id, session) { rendered.append(file) } }
                for id in changes.plans {
                    let (file, removal) = try renderPlan(id, session)
                    if let file { rendered.append(file) }
                    if let removal { removals.append(removal) }
                }
                // Birthdays and dates follow with the next catch-ups, ten seconds later: a card that came in
                // with a sync gets its event after that sync, not under it (the other machine's
                // copy of the same event is on its way).
                occasionsToWrite.formUnion(changes.cards)
                // Names of circles set or removed, and tags people gained or lost (most are no circle).
                for name in changes.circles {
                    if let file = try renderCircle(name, session) {
                        rendered.append(file)
                    } else if try session.mirrorFile(Self.circleFileName(name)) != nil {
                        removals.append(Self.circleFileName(name))
                    }
                }
                for uid in changes.removed where try session.personID(uid: uid) == nil {
                    // Their card was removed in the vdir (another machine removed them): the sync
                    // that brought that removes their other files too; removing them here as well
                    // made vdirsyncer fail on files gone under it. What it leaves, the next full
                    // pass sweeps as orphans.
                    if removedOutside.remove(uid) != nil { continue }
                    removals += try session.mirrorFiles(person: uid).map(\.name)
                }
                for item in changes.removedItems {
                    let name = VdirFiles.fileName(uid: item.uid, in: item.isNudge ? .nudges : .interactions)
                    if try session.mirrorFile(name) != nil { removals.append(name) }
                }
            }
            // A file of a removed person's that is written again (a shared interaction handed to another) stays.
            let written = Set(rendered.map(\.name))
            _ = try write(rendered, removing: removals.filter { !written.contains($0) })
        } catch {
            log.error("Could not write the vdir mirror in \(files.root) (\(error)); it is brought up to date when connectd starts again.")
        }
    }

    /// Writes what differs from the files (a file changed outside is merged first, an unreadable
    /// one left alone), removes `removals`, and remembers each file. Returns how many were written.
    private func write(_ rendered: [Rendered], removing removals: [String]) throws -> Int {
        var writes: [VdirFiles.Write] = []
        var rows: [MirrorFile] = []
        try store.read { session in
            for file in rendered {
                let bytes = Array(file.text.utf8)
                let hash = ItemIdentity.hash(bytes: bytes)
                let recorded = try session.mirrorFile(file.name)
                let onDisk = files.etag(file.name)
                if let onDisk, !VdirFiles.same(onDisk, recorded?.etag) {
                    // Someone else wrote it since we last looked: merge theirs before writing ours.
                    pendingIncoming.insert(file.name)
                    continue
                }
                if onDisk != nil, recorded?.hash == hash || recorded?.hash == Self.unreadable { continue }
                writes.append(VdirFiles.Write(name: file.name, bytes: bytes))
                rows.append(MirrorFile(name: file.name, person: file.person, etag: "", hash: hash))
            }
        }
        guard !writes.isEmpty || !removals.isEmpty else { return 0 }
        let (etags, failed) = try files.write(writes)
        for (name, error) in failed {
            log.warning("Could not write \(files.path(name)) (\(error)); the other files were written, this one is tried again at its next change.")
        }
        files.remove(removals)
        try store.write { session in
            for var row in rows {
                guard let etag = etags[row.name] else { continue }
                row.etag = etag
                try session.setMirrorFile(row)
            }
            for name in removals { try session.removeMirrorFile(name) }
        }
        return etags.count
    }

    private func renderCard(_ id: Int64, _ session: StoreSession) throws -> Rendered? {
        guard let person = try session.person(id: id) else { return nil }
        // A card keeps the name it came under (vdirsyncer and khard never rename a file).
        let known = try session.mirrorFiles(person: person.uid).first { $0.name.hasPrefix("people/") }?.name
        return Rendered(name: known ?? VdirFiles.fileName(uid: person.uid, in: .people), person: person.uid, text: MirrorItems.card(person))
    }

    private func renderInteraction(_ id: Int64, _ session: StoreSession) throws -> Rendered? {
        guard let (interaction, people) = try session.mirroredInteraction(id: id), let person = people.first, !interaction.uid.isEmpty else { return nil }
        return Rendered(name: VdirFiles.fileName(uid: interaction.uid, in: .interactions), person: person.uid,
                        text: MirrorItems.interaction(interaction, people: people.map { CalendarItem.Attendee(uid: $0.uid, name: $0.name) })
                            .text(product: MirrorItems.product))
    }

    private func renderNudge(_ id: Int64, _ session: StoreSession) throws -> Rendered? {
        guard let (nudge, person, name) = try session.mirroredNudge(id: id) else { return nil }
        let item = MirrorItems.nudge(nudge, person: person, name: name, machine: machine)
        return Rendered(name: VdirFiles.fileName(uid: item.uid, in: .nudges), person: person, text: item.text(product: MirrorItems.product))
    }

    private func renderReflection(_ id: Int64, _ session: StoreSession) throws -> Rendered? {
        guard let reflection = try session.mirroredReflection(id: id) else { return nil }
        return Rendered(name: VdirFiles.fileName(uid: reflection.uid, in: .interactions), person: nil,
                        text: MirrorItems.reflection(reflection).text(product: MirrorItems.product))
    }

    /// A circle's group card; nil when there is no circle of that name.
    private func renderCircle(_ name: String, _ session: StoreSession) throws -> Rendered? {
        guard let circle = try session.circle(name) else { return nil }
        return Rendered(name: Self.circleFileName(name), person: CircleCard.uid(name),
                        text: try Circles.card(circle, in: session).text(product: MirrorItems.product))
    }

    static func circleFileName(_ name: String) -> String { VdirFiles.fileName(uid: CircleCard.uid(name), in: .people) }

    // MARK: The calendar collection: plans, birthdays and dates, the next catch-ups, the weekly reflection

    /// An event as a file of `calendar/`. Its DTSTAMP is fixed: machines that hold the same data
    /// write an event (a birthday, this week's reflection) with the same bytes, so the sync finds
    /// nothing to weigh, and a file is written again only when what it says changed.
    private func renderEvent(_ event: CalendarEvent, person: String?) -> Rendered {
        var fixed = event
        fixed.stamp = Self.eventStamp
        return Rendered(name: VdirFiles.fileName(uid: event.uid, in: .calendar), person: person, text: fixed.file(product: MirrorItems.product))
    }

    static let eventStamp = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    private func workspace(_ session: StoreSession) -> Workspace {
        Workspace(session: session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
    }

    /// An open plan's event, or the removal of the event of one that closed.
    private func renderPlan(_ id: Int64, _ session: StoreSession) throws -> (Rendered?, String?) {
        if let (plan, name, personUID) = try session.mirroredPlan(id: id) {
            let event = CalendarFeed.event(for: plan, name: name, personUID: personUID, numbered: false, in: workspace(session))
            return (renderEvent(event, person: personUID), nil)
        }
        guard let plan = try session.plan(id: id) else { return (nil, nil) }
        let name = VdirFiles.fileName(uid: plan.uid, in: .calendar)
        return (nil, try session.mirrorFile(name) != nil ? name : nil)
    }

    /// A person's birthday and date events, and the removal of those they no longer have.
    private func renderOccasions(_ id: Int64, _ session: StoreSession) throws -> (files: [Rendered], removals: [String]) {
        guard let person = try session.person(id: id) else { return ([], []) }
        let files = CalendarFeed.occasions(of: person, in: workspace(session)).map { renderEvent($0, person: person.uid) }
        let names = Set(files.map(\.name))
        let birthday = VdirFiles.fileName(uid: CalendarFeed.birthdayUID(person.uid), in: .calendar)
        var removals = try session.mirrorFiles(person: person.uid, prefix: VdirFiles.Collection.calendar.rawValue + "/" + CalendarFeed.datePrefix)
            .map(\.name).filter { !names.contains($0) }
        if !names.contains(birthday), try session.mirrorFile(birthday) != nil { removals.append(birthday) }
        return (files, removals)
    }

    /// The weekly reflection and the next catch-ups as the planner places them now; the
    /// catch-up events of people no longer among them go.
    private func renderSchedule() throws -> (files: [Rendered], removals: [String]) {
        try store.read { session in
            let ws = workspace(session)
            var files = try CalendarFeed.catchUps(numbered: false, in: ws).map { renderEvent($0, person: $0.person) }
            let names = Set(files.map(\.name))
            if let reflection = CalendarFeed.reflection(in: ws) { files.append(renderEvent(reflection, person: nil)) }
            let removals = try session.mirrorFiles(prefix: "calendar/catch-up-").map(\.name).filter { !names.contains($0) }
            return (files, removals)
        }
    }

    /// The birthday and date events of a page of the people whose cards changed (most cards that
    /// change keep them: then nothing is written); the next page on a later loop turn.
    private func writeOccasionPage() {
        var people: [Int64] = []
        while people.count < Self.fullPassPageSize, let id = occasionsToWrite.popFirst() { people.append(id) }
        guard !people.isEmpty else { return }
        defer { if !occasionsToWrite.isEmpty { occasionTask?.schedule() } }
        do {
            var files: [Rendered] = []
            var removals: [String] = []
            try store.read { session in
                for id in people {
                    let (rendered, removed) = try renderOccasions(id, session)
                    files += rendered
                    removals += removed
                }
            }
            _ = try write(files, removing: removals)
        } catch {
            log.error("Could not write birthdays and dates into \(files.root)/calendar (\(error)); tried again after the next change.")
        }
    }

    /// What this machine would write for an event of `calendar/` that came in: a plan's or a
    /// birthday's or a date's (the next catch-ups and the reflection are placed anew at the next refresh).
    private func ownEvent(uid: String, in session: StoreSession) throws -> Rendered? {
        if uid.hasPrefix(Planning.uidPrefix), let plan = try session.plan(uid: uid) { return try renderPlan(plan.id, session).0 }
        if uid.hasPrefix("birthday-"), let id = try session.personID(uid: String(uid.dropFirst("birthday-".count))) {
            return try renderOccasions(id, session).files.first { $0.name == VdirFiles.fileName(uid: uid, in: .calendar) }
        }
        // A date's event names its person only in what was written for it.
        if uid.hasPrefix(CalendarFeed.datePrefix), let person = try session.mirrorFile(VdirFiles.fileName(uid: uid, in: .calendar))?.person,
           let id = try session.personID(uid: person) {
            return try renderOccasions(id, session).files.first { $0.name == VdirFiles.fileName(uid: uid, in: .calendar) }
        }
        return nil
    }

    /// Ten seconds after the changes a commit recorded, the birthdays and dates of changed cards are written
    /// and the next catch-ups placed again (at most once a minute); the events of calendar/ that
    /// came in record no change: two machines would write each other's events back and forth.
    private func scheduleChanged() {
        guard !scheduleRefreshArmed else { return }
        scheduleRefreshArmed = true
        scheduleTimer?.arm(after: Self.scheduleDelay)
    }

    private func refreshSchedule() {
        scheduleRefreshArmed = false
        occasionTask?.schedule()
        let now = runtime.monotonic.seconds()
        guard now - lastCatchUps >= Self.catchUpsEvery else {
            scheduleRefreshArmed = true
            scheduleTimer?.arm(after: Self.catchUpsEvery - (now - lastCatchUps))
            return
        }
        lastCatchUps = now
        do {
            let (files, removals) = try renderSchedule()
            _ = try write(files, removing: removals)
        } catch {
            log.error("Could not write the next catch-ups into \(files.root)/calendar (\(error)); tried again after the next change.")
        }
    }

    /// One page of writing the whole mirror; the next page waits for a later loop turn.
    private func fullPassStep() {
        guard var pass = fullPass else { return }
        do {
            let ids = try store.read { try $0.ids(of: pass.table, after: pass.after, limit: Self.fullPassPageSize) }
            var removals: [String] = []
            let rendered = try store.read { session in
                try ids.flatMap { id -> [Rendered] in
                    switch pass.table {
                    case .person:
                        let (occasions, removed) = try renderOccasions(id, session)
                        removals += removed
                        return [try renderCard(id, session)].compactMap { $0 } + occasions
                    case .interaction: return [try renderInteraction(id, session)].compactMap { $0 }
                    case .nudge: return [try renderNudge(id, session)].compactMap { $0 }
                    case .reflection: return [try renderReflection(id, session)].compactMap { $0 }
                    case .plan:
                        let (file, removal) = try renderPlan(id, session)
                        if let removal { removals.append(removal) }
                        return [file].compactMap { $0 }
                    }
                }
            }
            pass.written += try write(rendered, removing: removals)
            if let last = ids.last, ids.count == Self.fullPassPageSize {
                pass.after = last
            } else if let next = MirroredTable.allCases.drop(while: { $0 != pass.table }).dropFirst().first {
                pass = (next, 0, pass.started, pass.written)
            } else {
                // The circles (a handful) last, then what is left of people and circles gone.
                let circles = try store.read { session in try session.circleRecords().compactMap { try renderCircle($0.name, session) } }
                pass.written += try write(circles, removing: [])
                let schedule = try renderSchedule()
                pass.written += try write(schedule.files, removing: schedule.removals)
                let orphans = try store.read { try $0.orphanedMirrorFiles() }
                _ = try write([], removing: orphans)
                fullPass = nil
                log.info("The vdir mirror in \(files.root) is up to date: \(pass.written) files written, \(orphans.count) removed, "
                         + "in \(String(format: "%.2f", runtime.monotonic.seconds() - pass.started)) s.")
                return
            }
            fullPass = pass
            fullPassTask?.schedule()
        } catch {
            fullPass = nil
            log.error("Could not write the vdir mirror in \(files.root) (\(error)); it is brought up to date when connectd starts again.")
        }
    }

    /// Puts back a collection's marker when it is missing (first start, or someone removed it);
    /// one that is there is left as it is.
    private func writeMissingMarkers() {
        let missing = VdirFiles.Collection.allCases.filter { !files.exists(VdirMarkers.name($0)) }
        guard !missing.isEmpty else { return }
        do {
            let (_, failed) = try files.write(missing.map { VdirFiles.Write(name: VdirMarkers.name($0), bytes: Array(VdirMarkers.text($0).utf8)) })
            for (name, error) in failed { log.warning("Could not write \(files.path(name)) (\(error)): that collection can become empty.") }
        } catch {
            log.warning("Could not write the markers that keep the vdir's collections from being empty: \(error)")
        }
    }

    // MARK: In: files to database

    /// Compares every file with what was last written or read: what differs or is gone is merged.
    private func rescan() {
        do {
            for collection in VdirFiles.Collection.allCases {
                var recorded: [String: String] = [:]
                for row in try store.read({ try $0.mirrorFiles(prefix: collection.rawValue + "/") }) { recorded[row.name] = row.etag }
                for name in files.list(collection) where !VdirMarkers.isMarker(name)
                    && !VdirFiles.same(files.etag(name), recorded.removeValue(forKey: name)) {
                    pendingIncoming.insert(name)
                }
                for name in recorded.keys { pendingIncoming.insert(name) }
            }
        } catch {
            log.error("Could not compare the vdir mirror with the state: \(error)")
        }
    }

    // The merging of files changed outside is background work: a bounded page per turn, in the
    // turn's batch (`mergeStep`, `mergeSettled`).

    /// Merges one file and remembers it as seen.
    private func merge(_ name: String, in ws: Workspace) throws -> Syncing.Outcome {
        guard !VdirMarkers.isMarker(name) else { return .unchanged }
        let recorded = try ws.session.mirrorFile(name)
        guard let etag = files.etag(name) else {
            if files.exists(name) {
                // A symbolic link (or a directory) in place of an item: never followed, never a removal.
                if recorded?.hash == Self.unreadable, recorded?.etag == "not-regular" { return .unchanged }
                log.warning("\(files.path(name)) is not a regular file (a symbolic link?): connectd reads only files of its own here. It is left alone; nothing in connectd changed.")
                try ws.session.setMirrorFile(MirrorFile(name: name, person: recorded?.person, etag: "not-regular", hash: Self.unreadable))
                return .refused("not a regular file")
            }
            guard let recorded else { return .unchanged }
            try ws.session.removeMirrorFile(name)
            if name.hasPrefix("calendar/"), name.hasSuffix(".ics") {
                let uid = String(name.dropFirst("calendar/".count).dropLast(4))
                guard VdirFiles.fileName(uid: uid, in: .calendar) == name else { return .unchanged }
                let outcome = try Planning.removed(uid: uid, in: ws)
                if outcome == .removed { log.info("\(files.path(name)) was removed: its planned catch-up is cancelled.") }
                return outcome
            }
            guard name.hasPrefix("people/"), let uid = recorded.person else { return .unchanged }
            if uid.hasPrefix(ItemIdentity.circlePrefix), try ws.session.personID(uid: uid) == nil {
                let outcome = try Circles.removeCard(uid: uid, in: ws)
                if outcome == .removed { log.info("\(files.path(name)) was removed: so is its circle (its people keep the tag).") }
                return outcome
            }
            // Two files may hold one person (a copy made outside): the person goes with the last.
            let others = try ws.session.mirrorFiles(person: uid).filter { $0.name.hasPrefix("people/") && $0.name != name && files.etag($0.name) != nil }
            if let other = others.first {
                log.info("\(files.path(name)) was removed; the person with UID \(uid) stays, their card is still in \(files.path(other.name)).")
                return .unchanged
            }
            let outcome = try Syncing.removeCard(uid: uid, in: ws)
            if outcome == .removed {
                removedOutside.insert(uid)
                log.info("\(files.path(name)) was removed: so is the person with UID \(uid) (restorable from the trash).")
            }
            return outcome
        }
        guard !VdirFiles.same(etag, recorded?.etag) else { return .unchanged }
        func refuse(_ reason: String) throws -> Syncing.Outcome {
            log.warning("\(files.path(name)): \(reason). The file is left alone; nothing in connectd changed.")
            try ws.session.setMirrorFile(MirrorFile(name: name, person: recorded?.person, etag: etag, hash: Self.unreadable))
            return .refused(reason)
        }
        let bytes: [UInt8]
        do { bytes = try files.read(name) } catch { return try refuse("\(error)") }
        if name.hasPrefix("people/") {
            switch CircleCard.parse(bytes) {
            case .circle(let card):
                let outcome = try Circles.apply(card: card, in: ws)
                if case .refused(let reason) = outcome { return try refuse(reason) }
                // Remembered as it came: when the circle here is newer, its next change writes it over.
                try ws.session.setMirrorFile(MirrorFile(name: name, person: CircleCard.uid(card.name), etag: etag, hash: ItemIdentity.hash(bytes: bytes)))
                return outcome
            case .unusable(let reason): return try refuse(reason)
            case .notCircle: break
            }
            var reader = VCardReader(source: MemoryBytes(bytes))
            guard case .contact(var contact)? = try? reader.next() else { return try refuse("it is not a vCard connectd can read") }
            if contact.revision == nil, contact.fieldRevisions.isEmpty {
                // Edited by a program that writes no REV: the edit is as new as the file.
                contact.revision = files.modified(name)
            }
            let outcome = try Syncing.apply(card: contact, in: ws)
            if case .refused(let reason) = outcome { return try refuse(reason) }
            guard let uid = contact.uid, let id = try ws.session.personID(uid: uid), let person = try ws.session.person(id: id) else { return outcome }
            // When the database now says no more than the file, the file stays as it is.
            let current = CardMerge.merge(contact, MirrorItems.record(person), policy: .incoming).changed.isEmpty
            try ws.session.setMirrorFile(MirrorFile(name: name, person: person.uid, etag: etag,
                                                    hash: current ? ItemIdentity.hash(bytes: MirrorItems.card(person).utf8) : ""))
            return outcome
        }
        if name.hasPrefix("calendar/") {
            let zone = runtime.zone
            guard let event = (try? CalendarEvent.parse(bytes, calendar: ws.calendar, zone: zone)) ?? nil else {
                return try refuse("it is not an iCalendar VEVENT with a UID")
            }
            let (outcome, note) = try Planning.apply(incoming: event, in: ws)
            if let note, event.uid.hasPrefix(Planning.uidPrefix) { log.info("\(files.path(name)): \(note).") }
            switch outcome {
            case .refused(let reason): return try refuse(reason)
            case .waitingForPerson: return outcome
            default: break
            }
            // When the event says what ours would (the same bytes, or for a plan the same when,
            // where and what), the file stays as it is: writing ours over it would be a change
            // of this side that the sync then weighs against the other side's next change (a
            // removal there would lose). Else ours is written at its next change.
            var hash = ""
            if let ours = try ownEvent(uid: event.uid, in: ws.session) {
                if ours.text.utf8.elementsEqual(bytes) {
                    hash = ItemIdentity.hash(bytes: bytes)
                } else if event.uid.hasPrefix(Planning.uidPrefix),
                          let mine = try CalendarEvent.parse(Array(ours.text.utf8), calendar: ws.calendar, zone: zone),
                          mine.start == event.start, mine.end == event.end, mine.location == event.location, mine.summary == event.summary {
                    hash = ItemIdentity.hash(bytes: ours.text.utf8)
                }
            }
            try ws.session.setMirrorFile(MirrorFile(name: name, person: event.person, etag: etag, hash: hash))
            return outcome
        }
        guard let item = try? CalendarItem.parse(bytes) else { return try refuse("it is not an iCalendar VJOURNAL or VTODO with a UID") }
        let outcome: Syncing.Outcome
        if name.hasPrefix("interactions/") {
            guard item.kind == .journal else { return try refuse("the interactions collection holds VJOURNALs, not \(item.kind.rawValue)s") }
            outcome = try Syncing.apply(journal: item, in: ws)
        } else {
            guard item.kind == .todo else { return try refuse("the nudges collection holds VTODOs, not \(item.kind.rawValue)s") }
            outcome = try Syncing.apply(todo: item, thisMachine: machine, in: ws)
        }
        switch outcome {
        case .refused(let reason): return try refuse(reason)
        case .waitingForPerson: return outcome
        default: break
        }
        let rendered = try renderedItem(for: item, in: ws.session)
        // An item that says the same as the database stays as it is; one that differs (a nudge
        // closed here, still open there) is written over with ours.
        let same = rendered.map { try? CalendarItem.parse(Array($0.text.utf8)) }.map { ours in
            ours?.status == item.status && ours?.machine == item.machine && ours?.description == item.description
        } ?? false
        try ws.session.setMirrorFile(MirrorFile(name: name, person: item.person, etag: etag,
                                                hash: same ? rendered.map { ItemIdentity.hash(bytes: $0.text.utf8) } ?? "" : ""))
        return outcome
    }

    /// What the database holds for an item that came in, rendered.
    private func renderedItem(for item: CalendarItem, in session: StoreSession) throws -> Rendered? {
        if item.kind == .todo {
            guard let personUID = item.person, let start = item.start, let id = try session.personID(uid: personUID),
                  let nudge = try session.nudge(personID: id, dueSince: start) else { return nil }
            return try renderNudge(nudge.id, session)
        }
        if let id = try session.interactionID(uid: item.uid) { return try renderInteraction(id, session) }
        if let id = try session.reflectionID(uid: item.uid) { return try renderReflection(id, session) }
        return nil
    }

    // MARK: Claims

    /// Writes this machine's claim on a nudge (a VTODO with its name) before delivering it.
    func writeClaim(_ item: CalendarItem) throws -> String {
        let name = VdirFiles.fileName(uid: item.uid, in: .nudges)
        let bytes = Array(item.text(product: MirrorItems.product).utf8)
        let (etags, failed) = try files.write([VdirFiles.Write(name: name, bytes: bytes)])
        if let (_, error) = failed.first { throw error }
        try store.write {
            try $0.setMirrorFile(MirrorFile(name: name, person: item.person, etag: etags[name] ?? "", hash: ItemIdentity.hash(bytes: bytes)))
        }
        return name
    }

    /// The item as it is in the vdir now (after a sync), or nil.
    func readItem(_ name: String) -> CalendarItem? {
        (try? files.read(name)).flatMap { try? CalendarItem.parse($0) }
    }

    /// Removes a claim that no nudge came of (the person was no longer due).
    func withdrawClaim(_ name: String) {
        files.remove([name])
        try? store.write { try $0.removeMirrorFile(name) }
    }
}

extension VdirMirror: BackgroundWork {
    var wantsTurn: Bool { !pendingIncoming.isEmpty }

    /// Merges files changed outside, people first, until the page or the turn's time is used.
    func step(in batch: Batch) {
        let ws = Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
        let deadline = runtime.monotonic.seconds() + Self.incomingSeconds
        stepped = (0, false)
        while stepped.names < Self.incomingPerTurn, let name = pendingIncoming.next() {
            stepped.names += 1
            do {
                let outcome = try batch.write(ws) { try self.merge(name, in: $0) }
                switch outcome {
                case .added, .updated, .removed: if name.hasPrefix("people/") { stepped.peopleChanged = true }
                case .waitingForPerson: waitingForPerson.insert(name)
                case .unchanged, .refused: break
                }
            } catch {
                log.warning("Could not merge \(files.path(name)) (\(error)); it is tried again when it changes.")
            }
            if runtime.monotonic.seconds() > deadline { break }
        }
    }

    func settled(_ outcome: Batch.Outcome) {
        if case .failed(let error) = outcome {
            log.error("Could not merge \(stepped.names) changed files of the vdir mirror: \(error); they are tried again when connectd starts.")
            return
        }
        if stepped.peopleChanged, !waitingForPerson.isEmpty {
            for name in waitingForPerson { pendingIncoming.insert(name) }
            waitingForPerson.removeAll()
        }
    }
}

/// Files to merge, people first (their interactions and nudges need them), each once.
struct IncomingFiles {
    private var people = Set<String>()
    private var others = Set<String>()
    private var nudges = Set<String>()

    var isEmpty: Bool { people.isEmpty && others.isEmpty && nudges.isEmpty }

    mutating func insert(_ name: String) {
        if name.hasPrefix("people/") {
            people.insert(name)
        } else if name.hasPrefix("nudges/") {
            nudges.insert(name)
        } else {
            others.insert(name)
        }
    }

    mutating func next() -> String? {
        people.popFirst() ?? others.popFirst() ?? nudges.popFirst()
    }
}
