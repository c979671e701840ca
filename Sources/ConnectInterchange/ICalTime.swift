import ConnectCore
import ConnectTime
import Foundation

/// An iCalendar DATE or DATE-TIME (RFC 5545 §3.3.4, §3.3.5) as read: the instant, the wall-clock
/// reading and the zone it was written in (a repeating event repeats in that zone's wall clock),
/// whether it is a whole day, and a TZID this machine does not know (read in `calendar` then).
public struct ICalTime: Sendable {
    public let instant: Date
    public let local: LocalDateTime
    public let zone: LocalCalendar
    public let allDay: Bool
    public let unknownZone: String?

    /// `20261211` (from that day's midnight in `calendar`), `20261211T120000Z`, a TZID's wall clock
    /// through `zone`, or floating (in `calendar`); nil when the value is none of these.
    public static func read(_ value: String, tzid: String?, calendar: LocalCalendar, zone: (String) -> LocalCalendar?) -> ICalTime? {
        let c = Array(value.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= c.count, c[range].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return c[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        if c.count == 8 {
            let midnight = LocalDateTime(date: date, hour: 0, minute: 0)
            return ICalTime(instant: calendar.instant(midnight), local: midnight, zone: calendar, allDay: true, unknownZone: nil)
        }
        guard c.count >= 15, c[8] == UInt8(ascii: "T"), let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              hour < 24, minute < 60, second < 61 else { return nil }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: min(second, 59))
        if c.count == 16, c[15] == UInt8(ascii: "Z") {
            return ICalTime(instant: Date(timeIntervalSince1970: Double(local.localSeconds)), local: local, zone: .utc, allDay: false, unknownZone: nil)
        }
        guard let tzid = tzid.map({ $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }) else {
            return ICalTime(instant: calendar.instant(local), local: local, zone: calendar, allDay: false, unknownZone: nil)
        }
        guard let there = zone(tzid) else { return ICalTime(instant: calendar.instant(local), local: local, zone: calendar, allDay: false, unknownZone: tzid) }
        return ICalTime(instant: there.instant(local), local: local, zone: there, allDay: false, unknownZone: nil)
    }
}
