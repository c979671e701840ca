#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders the daemon's RFC 3339 UTC times for people: local dates and "3 weeks ago".
public struct DisplayTime {
    public let now: Date
    public let calendar: Calendar

    public init(now: Date, timeZone: TimeZone = .current) {
        self.now = now
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// Reads the daemon's RFC 3339 times, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) ?? (try? Date(text, strategy: .iso8601))
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Sat 28 Nov 2026 12:00" in local time (the year only when it is not this year).
    public func local(_ text: String?) -> String {
        guard let text, let date = Self.parse(text) else { return "-" }
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let thisYear = calendar.component(.year, from: now)
        let year = c.year == thisYear ? "" : " \(c.year!)"
        return "\(Self.weekdays[c.weekday! - 1]) \(c.day!) \(Self.months[c.month! - 1])\(year) \(pad(c.hour!)):\(pad(c.minute!))"
    }

    /// "3 weeks ago", "in 2 days", "just now".
    public func relative(_ text: String?) -> String {
        guard let text, let date = Self.parse(text) else { return "never" }
        let seconds = now.timeIntervalSince(date)
        let span = Self.span(abs(seconds))
        if span == "now" { return "just now" }
        return seconds >= 0 ? "\(span) ago" : "in \(span)"
    }

    /// A rounded human length of time: "45s", "3 min", "5 hours", "2 days", "3 weeks", "4 months", "2 years".
    public static func span(_ seconds: Double) -> String {
        func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch seconds {
        case ..<1: return "now"
        case ..<60: return "\(Int(seconds))s"
        case ..<3600: return "\(Int(seconds / 60)) min"
        case ..<86400: return unit(Int(seconds / 3600), "hour")
        case ..<(14 * 86400): return unit(Int(seconds / 86400), "day")
        case ..<(61 * 86400): return unit(Int(seconds / (7 * 86400)), "week")
        case ..<(365 * 86400): return unit(Int(seconds / (30.44 * 86400)), "month")
        default: return unit(Int(seconds / (365.25 * 86400)), "year")
        }
    }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
