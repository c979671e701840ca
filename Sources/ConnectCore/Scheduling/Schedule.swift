import ConnectTime
import Foundation

/// Everyone's schedule in memory, ordered by due and by eligible instant: who is due now, how
/// many, and who may be nudged next are answered in O(log n) (or O(k) for k people), never by
/// walking everyone. The due instants are computed once per change with `calendar`; a new
/// calendar or renudge rule means a rebuilt schedule.
public struct Schedule: Sendable {
    /// An instant and a person: the sort key of both orders.
    struct Key: Comparable, Sendable {
        let at: Double
        let id: Int64
        static func < (a: Key, b: Key) -> Bool { a.at != b.at ? a.at < b.at : a.id < b.id }
    }

    private struct Item: Sendable {
        var entry: ScheduleEntry
        var due: Date?
        var eligible: Date?
    }

    public let calendar: LocalCalendar
    public let renudgeAfter: TimeInterval
    private var items = IDTable<Item>()
    private var byDue = OrderedIndex<Key>()
    private var byEligible = OrderedIndex<Key>()
    /// People to meet, by when they may next get a first-contact nudge (when they were added, or a
    /// while after the last one): the next first contact is the first key, and a person who was
    /// nudged goes behind those who were not.
    private var toMeet = OrderedIndex<Key>()
    /// People with a planned catch-up that is over and not asked about yet, by when it ended.
    private var questions = OrderedIndex<Key>()
    /// People with a birthday or another date, by month * 100 + day.
    private var occasionsByDay: [Int: Set<Int64>] = [:]
    /// Catch-ups a day the scheduled people need, in millionths (exact under add and remove).
    private var demandMicros = 0
    /// People without a cadence (not triaged yet, or ignored).
    public private(set) var unscheduledCount = 0

    public init(calendar: LocalCalendar, renudgeAfter: TimeInterval, entries: [ScheduleEntry] = []) {
        self.calendar = calendar
        self.renudgeAfter = renudgeAfter
        for entry in entries { set(entry) }
    }

    /// Everyone, scheduled or not.
    public var count: Int { items.count }

    public subscript(id: Int64) -> ScheduleEntry? { items[id]?.entry }

    public func dueAt(_ id: Int64) -> Date? { items[id]?.due }

    public func eligibleAt(_ id: Int64) -> Date? { items[id]?.eligible }

    /// Adds or replaces the entry of `entry.personID`; returns the one it replaced.
    @discardableResult
    public mutating func set(_ entry: ScheduleEntry) -> ScheduleEntry? {
        let previous = remove(entry.personID)
        let due = entry.dueAt(calendar: calendar)
        let eligible = due.map { entry.eligibleAt(due: $0, renudgeAfter: renudgeAfter) }
        if let due { byDue.insert(Key(at: due.timeIntervalSince1970, id: entry.personID)) }
        if let eligible { byEligible.insert(Key(at: eligible.timeIntervalSince1970, id: entry.personID)) }
        items[entry.personID] = Item(entry: entry, due: due, eligible: eligible)
        if entry.wantToMeet { toMeet.insert(Key(at: Self.firstContactEligible(entry, renudgeAfter: renudgeAfter).timeIntervalSince1970, id: entry.personID)) }
        for date in entry.occasions { occasionsByDay[date.month * 100 + date.day, default: []].insert(entry.personID) }
        if let at = entry.questionAt { questions.insert(Key(at: at.timeIntervalSince1970, id: entry.personID)) }
        demandMicros += Self.demandMicros(entry)
        if entry.cadence == nil { unscheduledCount += 1 }
        return previous
    }

    /// Removes a person; returns their entry.
    @discardableResult
    public mutating func remove(_ id: Int64) -> ScheduleEntry? {
        guard let item = items.removeValue(forKey: id) else { return nil }
        if let due = item.due { byDue.remove(Key(at: due.timeIntervalSince1970, id: id)) }
        if let eligible = item.eligible { byEligible.remove(Key(at: eligible.timeIntervalSince1970, id: id)) }
        if item.entry.wantToMeet {
            toMeet.remove(Key(at: Self.firstContactEligible(item.entry, renudgeAfter: renudgeAfter).timeIntervalSince1970, id: id))
        }
        for date in item.entry.occasions {
            let key = date.month * 100 + date.day
            occasionsByDay[key]?.remove(id)
            if occasionsByDay[key]?.isEmpty == true { occasionsByDay[key] = nil }
        }
        if let at = item.entry.questionAt { questions.remove(Key(at: at.timeIntervalSince1970, id: id)) }
        demandMicros -= Self.demandMicros(item.entry)
        if item.entry.cadence == nil { unscheduledCount -= 1 }
        return item.entry
    }

    private static func demandMicros(_ entry: ScheduleEntry) -> Int {
        guard let cadence = entry.cadence else { return 0 }
        return Int((86400 / max(cadence.nominalSeconds, 1) * 1_000_000).rounded())
    }

    /// How many catch-ups a day the cadences of everyone scheduled add up to (a weekly person
    /// counts 1/7): what the daily budget must serve in the long run. O(1).
    public var catchUpsPerDay: Double { Double(demandMicros) / 1_000_000 }

    /// How many people become due in [from, until): O(log n).
    public func dueCount(from: Date, until: Date) -> Int {
        byDue.rank(of: Key(at: until.timeIntervalSince1970, id: .min)) - byDue.rank(of: Key(at: from.timeIntervalSince1970, id: .min))
    }

    /// How many people are due at `now`: O(log n).
    public func dueCount(at now: Date) -> Int {
        byDue.rank(of: Key(at: now.timeIntervalSince1970, id: .max))
    }

    /// The ids of everyone due at `now`, in no useful order: O(k) for k people due.
    public func dueIDs(at now: Date) -> [Int64] {
        var ids: [Int64] = []
        byDue.forEach { key in
            guard key.at <= now.timeIntervalSince1970 else { return false }
            ids.append(key.id)
            return true
        }
        return ids
    }

    /// Who becomes due in [from, until), the earliest first, at most `limit`: O(log n + limit).
    public func entries(dueFrom from: Date, until: Date, limit: Int) -> [ScheduleEntry] {
        var result: [ScheduleEntry] = []
        byDue.forEach(from: Key(at: from.timeIntervalSince1970, id: .min)) { key in
            guard key.at < until.timeIntervalSince1970, result.count < limit else { return false }
            if let entry = items[key.id]?.entry { result.append(entry) }
            return true
        }
        return result
    }

    /// The `limit` most overdue of everyone due at `now`, in the one order connectd uses for
    /// "most overdue" (`due`, `stats`, `week`, nudges): time since contact over the cadence, so a
    /// weekly friend three weeks out comes before a yearly one a month out. O(k log limit) for
    /// k people due.
    public func mostOverdue(at now: Date, limit: Int) -> [(entry: ScheduleEntry, due: Date)] {
        guard limit > 0 else { return [] }
        let before = ScheduleEntry.mostOverdueFirst(now: now)
        guard limit <= 128 else {
            // Many asked for: all due, sorted (an insertion into a long list would cost more).
            var all: [(entry: ScheduleEntry, due: Date)] = []
            byDue.forEach { key in
                guard key.at <= now.timeIntervalSince1970 else { return false }
                if let item = items[key.id], let due = item.due { all.append((item.entry, due)) }
                return true
            }
            return Array(all.sorted { before($0.entry, $1.entry) }.prefix(limit))
        }
        var best: [(entry: ScheduleEntry, due: Date)] = []
        best.reserveCapacity(limit + 1)
        byDue.forEach { key in
            guard key.at <= now.timeIntervalSince1970 else { return false }
            guard let item = items[key.id], let due = item.due else { return true }
            if best.count == limit, let last = best.last, !before(item.entry, last.entry) { return true }
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if before(best[middle].entry, item.entry) { low = middle + 1 } else { high = middle }
            }
            best.insert((item.entry, due), at: low)
            if best.count > limit { best.removeLast() }
            return true
        }
        return best
    }

    /// When a person to meet may get a first-contact nudge: from when they were added, and again
    /// once the last one is stale.
    public static func firstContactEligible(_ entry: ScheduleEntry, renudgeAfter: TimeInterval) -> Date {
        let eligible = entry.openNudgeSince.map { $0.addingTimeInterval(renudgeAfter) } ?? entry.addedAt
        return entry.heldUntil.map { max($0, eligible) } ?? eligible
    }

    /// The person to meet who may get a first-contact nudge soonest, and from when: O(log n).
    public var nextToMeet: (entry: ScheduleEntry, eligible: Date)? {
        var first: (entry: ScheduleEntry, eligible: Date)?
        toMeet.forEach { key in
            first = items[key.id].map { ($0.entry, Date(timeIntervalSince1970: key.at)) }
            return false
        }
        return first
    }

    /// How many people to meet are ahead of `id` in the line for a first-contact nudge (0: next),
    /// and from when `id` may get theirs; nil when `id` is not someone to meet. O(log n).
    public func placeToMeet(_ id: Int64) -> (ahead: Int, eligible: Date)? {
        guard let entry = items[id]?.entry, entry.wantToMeet else { return nil }
        let eligible = Self.firstContactEligible(entry, renudgeAfter: renudgeAfter)
        return (toMeet.rank(of: Key(at: eligible.timeIntervalSince1970, id: id)), eligible)
    }

    /// The first `limit` people to meet, in line for their first-contact nudge.
    public func peopleToMeet(limit: Int) -> [Int64] {
        var ids: [Int64] = []
        toMeet.forEach { key in
            ids.append(key.id)
            return ids.count < limit
        }
        return ids
    }

    /// The people with a planned catch-up over by `until` and not asked about yet, the earliest
    /// first, at most `limit`: O(log n + k).
    public func questions(until: Date, limit: Int) -> [Int64] {
        var ids: [Int64] = []
        questions.forEach { key in
            guard key.at <= until.timeIntervalSince1970, ids.count < limit else { return false }
            ids.append(key.id)
            return true
        }
        return ids
    }

    /// When the earliest planned catch-up not asked about yet ends (or ended): O(log n).
    public var nextQuestion: Date? {
        var first: Date?
        questions.forEach { key in
            first = Date(timeIntervalSince1970: key.at)
            return false
        }
        return first
    }

    /// Whether anyone's birthday or date is known (most address books typed by hand have none).
    public var hasOccasions: Bool { !occasionsByDay.isEmpty }

    /// The people with a birthday or date on `day` (February 29 counts on the 28th in other years): O(1).
    public func occasions(on day: CivilDate) -> [Int64] {
        var ids = Array(occasionsByDay[day.month * 100 + day.day] ?? [])
        if day.month == 2, day.day == 28, !CivilDate.isLeap(day.year) { ids += occasionsByDay[229] ?? [] }
        return ids.sorted()
    }

    /// Calls `body` with each entry eligible at or before `until`, earliest first, until it returns false.
    public func forEachEligible(until: Date, _ body: (ScheduleEntry, Date) -> Bool) {
        byEligible.forEach { key in
            guard key.at <= until.timeIntervalSince1970, let item = items[key.id], let eligible = item.eligible else { return false }
            return body(item.entry, eligible)
        }
    }

    /// The earliest instant anyone may be nudged, skipping `excluded` people.
    public func earliestEligible(excluding excluded: Set<Int64> = []) -> Date? {
        var earliest: Date?
        byEligible.forEach { key in
            guard excluded.contains(key.id) else {
                earliest = items[key.id]?.eligible
                return false
            }
            return true
        }
        return earliest
    }

    /// Every entry, in no particular order (O(n)).
    public var entries: [ScheduleEntry] { items.values.map(\.entry) }

    /// The same people under another calendar or renudge rule (after a config change): O(n log n).
    public func rebuilt(calendar: LocalCalendar, renudgeAfter: TimeInterval) -> Schedule {
        Schedule(calendar: calendar, renudgeAfter: renudgeAfter, entries: entries)
    }
}
