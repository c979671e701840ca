import ConnectCore
import ConnectTime
import Foundation

/// Calendars and instants for tests, in a named zone.
enum TestCalendar {
    static func make(_ zone: String) -> LocalCalendar {
        LocalCalendar(zone: try! TimeZoneDatabase.named(zone))
    }

    /// "2027-03-20 09:00" (or with ":ss") local to `calendar`.
    static func date(_ text: String, _ calendar: LocalCalendar) -> Date {
        let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        let day = CivilDate(year: parts[0], month: parts[1], day: parts[2])!
        return calendar.instant(LocalDateTime(date: day, hour: parts[3], minute: parts[4], second: parts.count > 5 ? parts[5] : 0))
    }
}

extension Cadence {
    static func days(_ n: Int) -> Cadence { Cadence(count: n, unit: .day)! }
    static func weeks(_ n: Int) -> Cadence { Cadence(count: n, unit: .week)! }
    static func months(_ n: Int) -> Cadence { Cadence(count: n, unit: .month)! }
    static func seconds(_ n: Int) -> Cadence { Cadence(count: n, unit: .second)! }
}
