import ConnectTime
import Foundation

/// The Gregorian calendar in one time zone: turns instants into wall-clock readings and back with
/// explicit DST rules, and does the day and month arithmetic of cadences and nudge windows.
/// Every scheduling rule takes one of these (and `now`) as a parameter. Total: no input traps;
/// instants outside years 1...9999 are clamped to that range.
public struct LocalCalendar: Hashable, Sendable {
    public let zone: TimeZoneRules

    public init(zone: TimeZoneRules) {
        self.zone = zone
    }

    public static let utc = LocalCalendar(zone: .utc)

    /// The zone's name, as stored with each delivery and shown to the user.
    public var identifier: String { zone.identifier }

    // MARK: Instants and wall-clock readings

    /// The first and last instants we reason about (0001-01-01 and 9999-12-31 23:59:59 UTC).
    static let firstSecond = Int64(CivilDate.firstDay) * 86400
    static let lastSecond = Int64(CivilDate.lastDay) * 86400 + 86399

    /// Whole UTC seconds and the fraction, clamped to the supported range.
    static func split(_ date: Date) -> (seconds: Int64, fraction: Double) {
        let value = date.timeIntervalSince1970
        guard value.isFinite else { return (value > 0 ? lastSecond : firstSecond, 0) }
        let whole = value.rounded(.down)
        if whole < Double(firstSecond) { return (firstSecond, 0) }
        if whole > Double(lastSecond) { return (lastSecond, 0) }
        return (Int64(whole), value - whole)
    }

    /// The wall-clock reading at `date`.
    public func local(_ date: Date) -> LocalDateTime {
        let (seconds, fraction) = Self.split(date)
        let local = min(max(seconds + Int64(zone.offset(at: seconds)), Self.firstSecond), Self.lastSecond)
        return LocalDateTime(localSeconds: local, fraction: fraction) ?? LocalDateTime(date: CivilDate(year: 1970, month: 1, day: 1)!)
    }

    /// The instant a wall-clock reading names. A reading inside a DST gap gives the first valid
    /// instant after the gap (the transition); an ambiguous one its first occurrence, so a rule at
    /// that time fires once.
    public func instant(_ local: LocalDateTime) -> Date {
        let seconds: Int64
        switch zone.resolve(local: local.localSeconds) {
        case .unique(let instant): seconds = instant
        case .ambiguous(let first, _): seconds = first
        case .gap(let transition): return Date(timeIntervalSince1970: Double(transition))
        }
        return Date(timeIntervalSince1970: Double(seconds) + local.fraction)
    }

    /// The instant of `time` on `day`; 24:00 is the start of the next day.
    public func instant(_ time: TimeOfDay, on day: CivilDate) -> Date {
        if time.hour == 24 { return startOfDay(day.adding(days: 1) ?? day) }
        return instant(LocalDateTime(date: day, hour: time.hour, minute: time.minute))
    }

    /// Local midnight of `day` (or the first instant of the day when midnight falls into a gap).
    public func startOfDay(_ day: CivilDate) -> Date {
        instant(LocalDateTime(date: day))
    }

    /// Local midnight of the day containing `date`.
    public func startOfDay(for date: Date) -> Date { startOfDay(day(of: date)) }

    public func day(of date: Date) -> CivilDate { local(date).date }

    /// 1 = Sunday ... 7 = Saturday.
    public func weekday(of date: Date) -> Int { local(date).date.weekday }

    /// Seconds east of UTC at `date`.
    public func utcOffset(at date: Date) -> Int { zone.offset(at: Self.split(date).seconds) }

    // MARK: Arithmetic that keeps the wall-clock time

    /// The same wall-clock time `days` local days later (or earlier): 10:00 stays 10:00 across DST.
    public func adding(days: Int, to date: Date) -> Date {
        var reading = local(date)
        guard let day = reading.date.adding(days: days) else { return Self.edge(days) }
        reading.date = day
        return instant(reading)
    }

    /// The same wall-clock time and day of month `months` later; a missing day becomes the last
    /// day of that month (31 January + 1 month = 28/29 February).
    public func adding(months: Int, to date: Date) -> Date {
        var reading = local(date)
        guard let day = reading.date.adding(months: months) else { return Self.edge(months) }
        reading.date = day
        return instant(reading)
    }

    /// The first or last supported instant, for arithmetic that would leave the range.
    static func edge(_ direction: Int) -> Date {
        Date(timeIntervalSince1970: Double(direction < 0 ? firstSecond : lastSecond))
    }
}
