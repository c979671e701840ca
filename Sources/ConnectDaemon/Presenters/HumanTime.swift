import ConnectCore
import ConnectTime
import Foundation

/// Times in messages people read (errors, the STATUS= line, notification bodies): local to the
/// configured zone, "Sun 6 Dec 18:00", with the year only when it is not this year's.
enum HumanTime {
    static func describe(_ date: Date, calendar: LocalCalendar, now: Date) -> String {
        let local = calendar.local(date)
        let year = local.date.year == calendar.day(of: now).year ? "" : " \(local.date.year)"
        return "\(CalendarNames.shortWeekday(local.weekday)) \(local.date.day) \(CalendarNames.shortMonth(local.date.month))\(year) "
            + CivilDate.pad(local.hour, 2) + ":" + CivilDate.pad(local.minute, 2)
    }
}
