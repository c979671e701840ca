import Foundation
import ConnectTime
/// A wall-clock time of day, "09:00". `24:00` is allowed as the end of a window (the next midnight).
public struct TimeOfDay: Hashable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// Nil unless 00:00...23:59 or 24:00.
    public init?(hour: Int, minute: Int) {
        guard (0...59).contains(minute), (0...23).contains(hour) || (hour == 24 && minute == 0) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    public var minutesSinceMidnight: Int { hour * 60 + minute }
    public var description: String { CivilDate.pad(hour, 2) + ":" + CivilDate.pad(minute, 2) }

    /// A window "09:00-20:00": start before end, start before 24:00, end at most 24:00.
    public static func parseWindow(_ text: String) -> (from: TimeOfDay, until: TimeOfDay)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = parse(parts[0]), let until = parse(parts[1]),
              from.hour < 24, until.minutesSinceMidnight > from.minutesSinceMidnight else { return nil }
        return (from, until)
    }

    /// "9:00", "09:00", "18:30", "24:00".
    public static func parse<S: StringProtocol>(_ text: S) -> TimeOfDay? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0].trimmingSpaces), let minute = Int(parts[1]) else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let text = Substring(self)
        guard let start = text.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let end = text.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return text[start...end]
    }
}
