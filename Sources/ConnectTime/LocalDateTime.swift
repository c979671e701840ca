/// A wall-clock reading in some time zone: a day and the seconds since its midnight. Carries the
/// fraction of a second so that converting an instant there and back loses nothing.
public struct LocalDateTime: Hashable, Sendable, CustomStringConvertible {
    public var date: CivilDate
    /// 0 ..< 86400.
    public var secondOfDay: Int
    /// 0 ..< 1.
    public var fraction: Double

    public init(date: CivilDate, secondOfDay: Int = 0, fraction: Double = 0) {
        self.date = date
        self.secondOfDay = min(max(secondOfDay, 0), 86399)
        self.fraction = fraction
    }

    public init(date: CivilDate, hour: Int, minute: Int, second: Int = 0) {
        self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    /// The reading `localSeconds` after 1970-01-01 00:00; nil outside years 1...9999.
    public init?(localSeconds: Int64, fraction: Double = 0) {
        let day = floorDiv(localSeconds, 86400)
        guard day >= Int64(CivilDate.firstDay), day <= Int64(CivilDate.lastDay), let date = CivilDate(daysSinceEpoch: Int(day)) else {
            return nil
        }
        self.init(date: date, secondOfDay: Int(localSeconds - day * 86400), fraction: fraction)
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }
    public var second: Int { secondOfDay % 60 }
    public var weekday: Int { date.weekday }

    /// Seconds since 1970-01-01 00:00 on the wall clock (not an instant: no zone applied).
    public var localSeconds: Int64 { Int64(date.daysSinceEpoch) * 86400 + Int64(secondOfDay) }

    /// "2026-11-28 14:30:05".
    public var description: String {
        "\(date) " + CivilDate.pad(hour, 2) + ":" + CivilDate.pad(minute, 2) + ":" + CivilDate.pad(second, 2)
    }
}
