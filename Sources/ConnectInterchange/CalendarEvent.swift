import ConnectCore
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
    /// X-CONNECTD-KIND: the kind of a planned catch-up (SUMMARY is for people).
    public var kind: String?

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
        if let kind { lines.append("X-CONNECTD-KIND:" + VCardText.escape(kind)) }
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

    /// One event as a file of a calendar collection (a vdir item): VCALENDAR around it.
    public func file(product: String) -> String {
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + product].map(VCardWriter.fold).joined() + text + Self.footer
    }

    /// What a calendar program may have changed in an event of ours: when (resolved to
    /// instants: UTC, a TZID through `zone`, floating and whole days in `calendar`), where, and
    /// whether it now repeats. Read tolerantly (LF endings, reordered properties, folded lines).
    public struct Incoming: Equatable, Sendable {
        public var uid: String
        public var start: Date?
        public var end: Date?
        public var allDay = false
        public var summary: String?
        public var location: String?
        public var description: String?
        public var repeats = false
        public var person: String?
        public var kind: String?
        /// A TZID this machine does not know (its times were read in `calendar`).
        public var unknownZone: String?
    }

    /// The first VEVENT of a file; nil when there is none or it has no UID. `zone` resolves a
    /// TZID (nil: unknown, read as `calendar`).
    public static func parse(_ bytes: [UInt8], calendar: LocalCalendar, zone: (String) -> LocalCalendar?) throws -> Incoming? {
        var lines = VCardLineReader(source: MemoryBytes(bytes), lineLimit: VCardReader<MemoryBytes>.maxLineBytes)
        var event: Incoming?
        var depth = 0
        var duration: TimeInterval?
        while let line = try lines.next() {
            guard let content = VCardContentLine(line.bytes) else { continue }
            let value = String(decoding: content.rawValue, as: UTF8.self).trimmingSpaces
            let text = VCardText.unescape(value, version: "4.0")
            switch content.name {
            case "BEGIN":
                if value.uppercased() == "VEVENT", event == nil, depth == 0 {
                    event = Incoming(uid: "")
                    depth = 1
                } else if depth > 0 {
                    depth += 1 // a VALARM inside: its properties are not the event's
                }
            case "END":
                if depth > 0 { depth -= 1 }
            case _ where depth != 1: continue
            case "UID": event?.uid = text
            case "DTSTART":
                let (instant, whole, unknown) = time(value, parameter: content, calendar: calendar, zone: zone)
                event?.start = instant
                event?.allDay = whole
                if let unknown { event?.unknownZone = unknown }
            case "DTEND":
                let (instant, _, unknown) = time(value, parameter: content, calendar: calendar, zone: zone)
                event?.end = instant
                if let unknown { event?.unknownZone = unknown }
            case "DURATION": duration = seconds(value)
            case "SUMMARY": event?.summary = text
            case "LOCATION": event?.location = text
            case "DESCRIPTION": event?.description = text
            case "RRULE", "RDATE": event?.repeats = true
            case "X-CONNECTD-PERSON": event?.person = text
            case "X-CONNECTD-KIND": event?.kind = value.lowercased()
            default: continue
            }
        }
        guard var event, !event.uid.isEmpty else { return nil }
        if event.end == nil, let start = event.start, let duration { event.end = start.addingTimeInterval(duration) }
        return event
    }

    /// A DATE-TIME or a DATE (`ICalTime`); `unknownZone`: a TZID that `zone` did not know.
    private static func time(_ value: String, parameter content: VCardContentLine, calendar: LocalCalendar,
                             zone: (String) -> LocalCalendar?) -> (instant: Date?, whole: Bool, unknownZone: String?) {
        guard let time = ICalTime.read(value, tzid: content.parameter("TZID"), calendar: calendar, zone: zone) else { return (nil, false, nil) }
        return (time.instant, time.allDay, time.unknownZone)
    }

    /// An RFC 5545 duration ("PT1H30M", "P1D"); nil when it is not one.
    static func seconds(_ value: String) -> TimeInterval? {
        var text = Substring(value.uppercased())
        guard text.hasPrefix("P") else { return nil }
        text = text.dropFirst()
        var total = 0.0, digits = "", inTime = false
        for character in text {
            if character == "T" { inTime = true; continue }
            if character.isASCII, character.isNumber { digits.append(character); continue }
            guard digits.count <= 6, let n = Double(digits) else { return nil }
            digits = ""
            switch (character, inTime) {
            case ("W", false): total += n * 7 * 86400
            case ("D", false): total += n * 86400
            case ("H", true): total += n * 3600
            case ("M", true): total += n * 60
            case ("S", true): total += n
            default: return nil
            }
        }
        return digits.isEmpty ? total : nil
    }

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
