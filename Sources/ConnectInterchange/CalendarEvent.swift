import ConnectTime
import Foundation

/// One VEVENT (RFC 5545) of connectd's calendar: a planned catch-up (a real instant, in UTC), a
/// person's next catch-up (a whole day), a birthday (a whole day, yearly), the weekly reflection
/// (a floating wall-clock time, weekly: Sunday 18:00 wherever you are). Written with CRLF,
/// escaped and folded like the mirror's items; stable UIDs, so a calendar updates an event in
/// place instead of adding a second one.
public struct CalendarEvent: Equatable, Sendable {
    public enum When: Equatable, Sendable {
        /// From an instant to another (DTSTART/DTEND in UTC).
        case instant(Date, until: Date)
        /// A whole day (DTSTART;VALUE=DATE).
        case day(CivilDate)
        /// A wall-clock time in whatever zone the reader is in, for `minutes`.
        case floating(LocalDateTime, minutes: Int)
    }

    /// A reminder: `trigger` is an RFC 5545 duration from the start ("-PT30M", "PT9H").
    public struct Alarm: Equatable, Sendable {
        public var trigger: String
        public var description: String

        public init(trigger: String, description: String) {
            self.trigger = trigger
            self.description = description
        }
    }

    public var uid: String
    public var stamp: Date
    public var when: When
    public var summary: String
    public var description: String?
    public var location: String?
    /// An RRULE value: "FREQ=YEARLY", "FREQ=WEEKLY".
    public var recurrence: String?
    public var alarm: Alarm?
    public var categories: [String] = []
    /// X-CONNECTD-PERSON: the person's UID.
    public var person: String?

    public init(uid: String, stamp: Date, when: When, summary: String) {
        self.uid = uid
        self.stamp = stamp
        self.when = when
        self.summary = summary
    }

    /// The VEVENT's lines, folded, each ending in CRLF.
    public var text: String {
        var lines = ["BEGIN:VEVENT", "UID:" + VCardText.escape(uid), "DTSTAMP:" + VCardDate.basicUTC(stamp)]
        switch when {
        case .instant(let start, let end):
            lines += ["DTSTART:" + VCardDate.basicUTC(start), "DTEND:" + VCardDate.basicUTC(max(start, end))]
        case .day(let day):
            lines += ["DTSTART;VALUE=DATE:" + Self.basic(day), "DTEND;VALUE=DATE:" + Self.basic(day.adding(days: 1) ?? day)]
        case .floating(let local, let minutes):
            lines += ["DTSTART:" + Self.basic(local), "DURATION:PT\(max(minutes, 1))M"]
        }
        if let recurrence { lines.append("RRULE:" + recurrence) }
        lines.append("SUMMARY:" + VCardText.escape(summary))
        if let location { lines.append("LOCATION:" + VCardText.escape(location)) }
        if let description { lines.append("DESCRIPTION:" + VCardText.escape(description)) }
        if !categories.isEmpty { lines.append("CATEGORIES:" + categories.map(VCardText.escape).joined(separator: ",")) }
        // A planned lunch takes your time; a reminder of a day does not.
        let busy: Bool = if case .instant = when { true } else { false }
        lines.append("TRANSP:" + (busy ? "OPAQUE" : "TRANSPARENT"))
        if let person { lines.append("X-CONNECTD-PERSON:" + VCardText.escape(person)) }
        if let alarm {
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:" + alarm.trigger, "DESCRIPTION:" + VCardText.escape(alarm.description), "END:VALARM"]
        }
        lines.append("END:VEVENT")
        return lines.map(VCardWriter.fold).joined()
    }

    /// What comes before the events of a calendar file: its name, and that it is published
    /// (read-only for whoever subscribes).
    public static func header(product: String, name: String) -> String {
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + product, "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + VCardText.escape(name)]
            .map(VCardWriter.fold).joined()
    }

    public static let footer = "END:VCALENDAR\r\n"

    /// `20261211`.
    static func basic(_ day: CivilDate) -> String {
        let year = String(day.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + CivilDate.pad(day.month, 2) + CivilDate.pad(day.day, 2)
    }

    /// `20261213T180000` (no zone: floating).
    static func basic(_ local: LocalDateTime) -> String {
        basic(local.date) + "T" + CivilDate.pad(local.hour, 2) + CivilDate.pad(local.minute, 2) + CivilDate.pad(local.second, 2)
    }
}
