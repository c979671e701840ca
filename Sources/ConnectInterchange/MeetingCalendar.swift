import ConnectCore
import ConnectTime
import Foundation

/// A VEVENT of a calendar you keep (a vdir collection's .ics file, as khal and vdirsyncer keep
/// them), as much of it as tells whether you met someone: when (and how it repeats), who was
/// invited and who declined, whether it was cancelled. A file may hold a repeating event and
/// the occurrences moved or changed (same UID, a RECURRENCE-ID each).
public struct Meeting: Sendable {
    public var uid = ""
    /// Set on an occurrence that was moved or changed: the start it replaces.
    public var recurrenceID: Date?
    public var start: ICalTime?
    public var rule: Recurrence?
    /// An RRULE that could not be read: the event counts once, at its start.
    public var unreadRule = false
    public var exceptions = Set<Date>()
    public var cancelled = false
    public var summary: String?
    public var organizer: String?
    public var attendees: [(address: String, declined: Bool)] = []

    /// At most this many events are read from one file.
    public static let maxPerFile = 500

    /// The VEVENTs of an .ics file, and how many were left out (without a UID or a start).
    public static func read(_ bytes: [UInt8], calendar: LocalCalendar, zone: (String) -> LocalCalendar?) throws -> (meetings: [Meeting], leftOut: Int) {
        var leftOut = 0
        var lines = VCardLineReader(source: MemoryBytes(bytes), lineLimit: 1 << 20)
        var meetings: [Meeting] = []
        var meeting: Meeting?
        var depth = 0
        var ruleText: String?
        func time(_ value: String, _ content: VCardContentLine) -> ICalTime? {
            ICalTime.read(value, tzid: content.parameter("TZID"), calendar: calendar, zone: zone)
        }
        while let line = try lines.next(), meetings.count < maxPerFile {
            guard let content = VCardContentLine(line.bytes) else { continue }
            let value = String(decoding: content.rawValue.prefix(16_384), as: UTF8.self).trimmingSpaces
            switch content.name {
            case "BEGIN":
                if value.uppercased() == "VEVENT", depth == 0 {
                    meeting = Meeting()
                    ruleText = nil
                    depth = 1
                } else if depth > 0 {
                    depth += 1
                }
            case "END":
                guard depth > 0 else { continue }
                depth -= 1
                if depth == 0, var done = meeting {
                    if let ruleText, let start = done.start {
                        // UNTIL is UTC or, with a floating start, in the start's wall clock.
                        done.rule = Recurrence(ruleText) { ICalTime.read($0, tzid: nil, calendar: start.zone, zone: zone)?.instant }
                        done.unreadRule = done.rule == nil
                    }
                    if !done.uid.isEmpty, done.start != nil { meetings.append(done) } else { leftOut += 1 }
                    meeting = nil
                }
            case _ where depth != 1: continue
            case "UID": meeting?.uid = String(value.prefix(500))
            case "DTSTART": meeting?.start = time(value, content)
            case "RECURRENCE-ID": meeting?.recurrenceID = time(value, content)?.instant
            case "RRULE": ruleText = value
            case "EXDATE":
                for item in value.split(separator: ",").prefix(1000) {
                    if let instant = time(String(item), content)?.instant { meeting?.exceptions.insert(instant) }
                }
            case "STATUS": meeting?.cancelled = value.uppercased() == "CANCELLED"
            case "SUMMARY": meeting?.summary = VCardText.unescape(value, version: "4.0")
            case "ORGANIZER": meeting?.organizer = Self.address(value)
            case "ATTENDEE":
                guard let address = Self.address(value), (meeting?.attendees.count ?? 0) < 1000 else { continue }
                meeting?.attendees.append((address, content.parameter("PARTSTAT")?.uppercased() == "DECLINED"))
            default: continue
            }
        }
        if meeting != nil { leftOut += 1 } // cut short
        return (meetings, leftOut)
    }

    /// "mailto:Ada@Example.org" as "ada@example.org"; nil for anything else (a URN, a phone).
    static func address(_ value: String) -> String? {
        guard value.lowercased().hasPrefix("mailto:") else { return nil }
        let address = value.dropFirst(7).trimmingSpaces.lowercased()
        return address.contains("@") && address.count <= 320 ? address : nil
    }

    /// When it took place between `from` and `until`: the start, or each occurrence of its rule
    /// (in its zone's wall clock) less the EXDATEs, at most `limit`.
    public func occurrences(from: Date, until: Date, limit: Int = 2000) -> [Date] {
        guard let start else { return [] }
        guard let rule, !unreadRule else { return start.instant >= from && start.instant <= until ? [start.instant] : [] }
        let zone = start.zone
        var last = zone.day(of: until)
        if let end = rule.until { last = min(last, zone.day(of: end)) }
        return rule.days(from: start.local.date, through: last, notBefore: zone.day(of: from), limit: limit).lazy
            .map { zone.instant(LocalDateTime(date: $0, secondOfDay: start.local.secondOfDay)) }
            .filter { at in at >= from && at <= until && (rule.until.map { at <= $0 } ?? true) && !exceptions.contains(at) }
            .prefix(limit).map { $0 }
    }
}
