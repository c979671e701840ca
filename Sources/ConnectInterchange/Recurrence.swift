import ConnectCore
import ConnectTime
import Foundation

/// An RRULE (RFC 5545 §3.3.10) as calendars in the wild write them for meetings: FREQ DAILY,
/// WEEKLY, MONTHLY or YEARLY, INTERVAL, COUNT or UNTIL, BYDAY (weekdays; with an ordinal in a
/// monthly rule: "2TU", "-1FR") and BYMONTHDAY. Expanded in the wall-clock time of the event's
/// zone, so that a 10:00 weekly meeting stays at 10:00 across a DST change. A rule with parts
/// it does not read (BYSETPOS, BYWEEKNO, BYHOUR…) is nil: its event counts once, at its start.
public struct Recurrence: Equatable, Sendable {
    public enum Frequency: String, Sendable { case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY" }

    public var frequency: Frequency
    public var interval = 1
    public var count: Int?
    public var until: Date?
    /// Weekdays (1 = Sunday … 7 = Saturday, as `CivilDate.weekday`), each with an ordinal in a monthly rule (0: every).
    public var byDay: [(ordinal: Int, weekday: Int)] = []
    public var byMonthDay: [Int] = []

    public static func == (a: Recurrence, b: Recurrence) -> Bool {
        a.frequency == b.frequency && a.interval == b.interval && a.count == b.count && a.until == b.until
            && a.byDay.map { [$0.ordinal, $0.weekday] } == b.byDay.map { [$0.ordinal, $0.weekday] } && a.byMonthDay == b.byMonthDay
    }

    static let weekdays = ["SU": 1, "MO": 2, "TU": 3, "WE": 4, "TH": 5, "FR": 6, "SA": 7]

    /// `untilTime` reads UNTIL's value (a DATE or DATE-TIME) as an instant.
    public init?(_ text: String, untilTime: (String) -> Date?) {
        var frequency: Frequency?
        for part in text.uppercased().split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            let (name, value) = (pair[0], pair[1])
            switch name {
            case "FREQ": frequency = Frequency(rawValue: value)
            case "INTERVAL":
                guard let n = Int(value), (1...1000).contains(n) else { return nil }
                interval = n
            case "COUNT":
                guard let n = Int(value), n >= 1 else { return nil }
                count = min(n, 100_000)
            case "UNTIL":
                guard let date = untilTime(value) else { return nil }
                until = date
            case "BYDAY":
                for item in value.split(separator: ",") {
                    let code = String(item.suffix(2))
                    guard let weekday = Self.weekdays[code] else { return nil }
                    let prefix = item.dropLast(2)
                    guard let ordinal = prefix.isEmpty ? 0 : Int(prefix), abs(ordinal) <= 5 else { return nil }
                    byDay.append((ordinal, weekday))
                }
            case "BYMONTHDAY":
                for item in value.split(separator: ",") {
                    guard let day = Int(item), day != 0, abs(day) <= 31 else { return nil }
                    byMonthDay.append(day)
                }
            case "WKST": continue
            default: return nil
            }
        }
        guard let frequency else { return nil }
        // Parts a frequency does not use here would be ignored, and the rule over-counted: unread.
        if byDay.contains(where: { $0.ordinal != 0 }), frequency != .monthly { return nil }
        if !byDay.isEmpty, frequency == .daily || frequency == .yearly { return nil }
        if !byMonthDay.isEmpty, frequency != .monthly || !byDay.isEmpty { return nil }
        self.frequency = frequency
    }

    /// Periods (days, weeks, months, years) walked at most: a rule that began long before the
    /// window and has no COUNT starts at the window instead.
    static let maxPeriods = 5000

    /// The days of the occurrences from `start`'s through `last`, in order, at most `limit`;
    /// without COUNT those before `notBefore` are skipped without being walked (COUNT counts
    /// from the first occurrence, so then every period is).
    public func days(from start: CivilDate, through last: CivilDate, notBefore: CivilDate? = nil, limit: Int = 5000) -> [CivilDate] {
        var result: [CivilDate] = []
        var produced = 0
        func take(_ day: CivilDate) -> Bool {
            guard day >= start else { return true }
            guard day <= last, produced < (count ?? Int.max), result.count < limit else { return false }
            produced += 1
            result.append(day)
            return true
        }
        var step = 0
        if count == nil, let notBefore, notBefore > start {
            let days = notBefore.daysSinceEpoch - start.daysSinceEpoch
            switch frequency {
            case .daily: step = max(0, days / interval - 1)
            case .weekly: step = max(0, days / (7 * interval) - 1)
            case .monthly: step = max(0, ((notBefore.year - start.year) * 12 + notBefore.month - start.month) / interval - 1)
            case .yearly: step = max(0, (notBefore.year - start.year) / interval - 1)
            }
        }
        let lastStep = step + Self.maxPeriods
        while step < lastStep {
            let periodDays: [CivilDate]
            switch frequency {
            case .daily:
                guard let day = start.adding(days: step * interval) else { return result }
                periodDays = [day]
            case .weekly:
                guard let anchor = start.adding(days: step * interval * 7) else { return result }
                let weekdays = byDay.isEmpty ? [start.weekday] : byDay.map(\.weekday)
                // The week of `anchor` (weeks start on Monday, WKST's default), its chosen days in order.
                let monday = anchor.adding(days: -((anchor.weekday + 5) % 7)) ?? anchor
                periodDays = (0..<7).compactMap { monday.adding(days: $0) }.filter { weekdays.contains($0.weekday) }
            case .monthly:
                let months = start.month - 1 + step * interval
                let (year, month) = (start.year + months / 12, months % 12 + 1)
                periodDays = Self.monthDays(year: year, month: month, start: start, byDay: byDay, byMonthDay: byMonthDay)
            case .yearly:
                periodDays = [CivilDate(year: start.year + step * interval, month: start.month, day: start.day)].compactMap { $0 }
            }
            if let first = periodDays.first, first > last { return result }
            for day in periodDays where !take(day) { return result }
            step += 1
        }
        return result
    }

    static func monthDays(year: Int, month: Int, start: CivilDate, byDay: [(ordinal: Int, weekday: Int)], byMonthDay: [Int]) -> [CivilDate] {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return [] }
        let length = (28...31).last { CivilDate(year: year, month: month, day: $0) != nil } ?? 28
        if !byDay.isEmpty {
            var days: [CivilDate] = []
            for (ordinal, weekday) in byDay {
                let matching = (1...length).compactMap { CivilDate(year: year, month: month, day: $0) }.filter { $0.weekday == weekday }
                if ordinal == 0 { days += matching } else if ordinal > 0, ordinal <= matching.count { days.append(matching[ordinal - 1]) }
                else if ordinal < 0, -ordinal <= matching.count { days.append(matching[matching.count + ordinal]) }
            }
            return days.sorted()
        }
        let wanted = byMonthDay.isEmpty ? [start.day] : byMonthDay
        _ = first
        return wanted.compactMap { $0 > 0 ? CivilDate(year: year, month: month, day: $0) : CivilDate(year: year, month: month, day: length + 1 + $0) }.sorted()
    }
}
