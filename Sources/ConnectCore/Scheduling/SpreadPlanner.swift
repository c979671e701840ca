import ConnectTime
import Foundation

/// Where the first due dates of people who get a cadence go, so that many of them at once (an
/// import, a triage session, an edit by tag) do not all fall due on the same day: each goes to
/// the day with the fewest people due among the next `cadence` days, at the start of the active
/// hours. Among equally free days the person's own `key` chooses (the first from a day of the
/// window it names), so that one yearly person starts somewhere in the year, not tomorrow, and
/// the same person lands on the same day however the batch is ordered. Built once for a batch:
/// O(d log n) for d days, then O(d) per person.
public struct SpreadPlanner: Sendable {
    private let calendar: LocalCalendar
    private let firstDay: CivilDate
    private let activeFrom: TimeOfDay
    private let quietDays: Set<Int>
    /// People due on each of the next days (index 0: tomorrow), counting those placed.
    private var load: [Int]

    /// The longest window looked at, in days.
    public static let maxDays = 366

    public init(schedule: Schedule, now: Date, rules: ScheduleRules) {
        calendar = schedule.calendar
        activeFrom = rules.activeFrom
        quietDays = rules.quietDays.count < 7 ? rules.quietDays : []
        let today = calendar.day(of: now)
        firstDay = today.adding(days: 1) ?? today
        var load: [Int] = []
        load.reserveCapacity(Self.maxDays)
        var day = firstDay
        var start = calendar.startOfDay(day)
        for _ in 0..<Self.maxDays {
            guard let next = day.adding(days: 1) else { break }
            let end = calendar.startOfDay(next)
            load.append(schedule.dueCount(from: start, until: end))
            day = next
            start = end
        }
        self.load = load
    }

    /// The first due instant for someone who starts with `cadence` now; counts them in. `key`
    /// is the person's own (`SpreadPlanner.key(name:)`).
    public mutating func place(cadence: Cadence, key: UInt64) -> Date {
        let days = min(load.count, max(1, Int((cadence.nominalSeconds / 86400).rounded(.down))))
        let start = Int(key % UInt64(days))
        var best: Int?
        for step in 0..<days {
            let offset = (start + step) % days
            guard let day = firstDay.adding(days: offset), !quietDays.contains(day.weekday) else { continue }
            if best.map({ load[offset] < load[$0] }) ?? true { best = offset }
        }
        let offset = best ?? 0
        load[offset] += 1
        let day = firstDay.adding(days: offset) ?? firstDay
        return calendar.instant(activeFrom, on: day)
    }

    /// A person's key for `place`: FNV-1a of their name (a UID may be made up at random at the
    /// moment of an import; the name is the same in every run).
    public static func key(name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
