/// What the writes since the last look touched, for the vdir mirror: people whose card changed,
/// interactions and reflections added, nudges recorded or closed, the UIDs of people
/// removed (gone from the table with them), and of single items removed (an import undone). Filled by the queries themselves, so no write can
/// forget to say; a write that is rolled back only makes the mirror look again. Records nothing
/// until a mirror asks for it (`isRecording`), so it costs nothing without one.
public final class ChangeLog {
    public struct Changes: Sendable {
        public var cards = Set<Int64>()
        public var interactions = Set<Int64>()
        public var nudges = Set<Int64>()
        public var reflections = Set<Int64>()
        /// Planned catch-ups made, moved or closed (their events in `calendar/`).
        public var plans = Set<Int64>()
        public var removed: [String] = []
        /// Interactions others were at whose file changed because a person was removed (the
        /// removed person's UID): a removal that came from the vdir leaves them to the sync.
        public var handedOver: [Int64: String] = [:]
        /// Interactions, answers and nudges deleted on their own: their calendar UIDs.
        public var removedItems: [RemovedItem] = []
        /// Circle cards to write again (by name): circles set or removed, and the tags people
        /// gained or lost (the card lists the members; most tags are no circle).
        public var circles = Set<String>()

        public var isEmpty: Bool {
            cards.isEmpty && interactions.isEmpty && nudges.isEmpty && reflections.isEmpty && plans.isEmpty && removed.isEmpty && removedItems.isEmpty
                && circles.isEmpty
        }
    }

    /// An item of the mirror's calendars that is gone: an interaction or answer (in
    /// `interactions/`) or a nudge (in `nudges/`), by its UID there.
    public struct RemovedItem: Equatable, Sendable {
        public let uid: String
        public let isNudge: Bool
    }

    public var isRecording = false
    private var pending = Changes()
    /// Desktop notifications (server id) of nudges that were closed or removed, with the nudge:
    /// noted always (there are few), so that their notifications go off the screen.
    private var staleNotifications: [(notification: UInt32, nudge: Int64)] = []

    public init() {}

    func card(_ personID: Int64) { if isRecording { pending.cards.insert(personID) } }
    func interaction(_ id: Int64) { if isRecording { pending.interactions.insert(id) } }
    func nudge(_ id: Int64) { if isRecording { pending.nudges.insert(id) } }
    func reflection(_ id: Int64) { if isRecording { pending.reflections.insert(id) } }
    func plan(_ id: Int64) { if isRecording { pending.plans.insert(id) } }
    func removedPerson(uid: String) { if isRecording { pending.removed.append(uid) } }
    func handedOver(_ interaction: Int64, from uid: String) {
        if isRecording {
            pending.interactions.insert(interaction)
            pending.handedOver[interaction] = uid
        }
    }
    func circle(_ name: String) { if isRecording { pending.circles.insert(name) } }
    func members<Tags: Sequence<String>>(_ tags: Tags) { if isRecording { pending.circles.formUnion(tags) } }
    func removedItem(uid: String, isNudge: Bool) { if isRecording, !uid.isEmpty { pending.removedItems.append(RemovedItem(uid: uid, isNudge: isNudge)) } }

    public var isEmpty: Bool { pending.isEmpty }

    func staleNotification(_ notification: UInt32, nudge: Int64) { staleNotifications.append((notification, nudge)) }

    public var hasStaleNotifications: Bool { !staleNotifications.isEmpty }

    /// The notifications noted since the last look (a rolled-back write's too: the caller checks
    /// that their nudge is really closed).
    public func takeStaleNotifications() -> [(notification: UInt32, nudge: Int64)] {
        defer { staleNotifications = [] }
        return staleNotifications
    }

    /// Up to `limit` of the recorded items (every removal besides), taken out of the log: a
    /// large import is written out in pages, with requests served between them.
    public func take(atMost limit: Int) -> Changes {
        var taken = Changes()
        var room = max(0, limit)
        func move(_ from: WritableKeyPath<Changes, Set<Int64>>) {
            while room > 0, let id = pending[keyPath: from].popFirst() {
                taken[keyPath: from].insert(id)
                room -= 1
            }
        }
        // Interactions handed over by a removal go with it, whatever the room: the removal's
        // files are removed in this page, and theirs must be written (or left) in it too.
        for id in pending.handedOver.keys where pending.interactions.remove(id) != nil { taken.interactions.insert(id) }
        move(\.cards)
        move(\.interactions)
        move(\.nudges)
        move(\.reflections)
        move(\.plans)
        taken.removed = pending.removed
        pending.removed = []
        taken.handedOver = pending.handedOver
        pending.handedOver = [:]
        taken.removedItems = pending.removedItems
        pending.removedItems = []
        taken.circles = pending.circles
        pending.circles = []
        return taken
    }
}
