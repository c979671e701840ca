import ConnectProtocol
import ConnectTime
#if canImport(Glibc)
import Glibc
#endif

/// Renders the daemon's times for people. The daemon writes each time with its zone's offset, so
/// the wall-clock time to show is in the text itself: "Sat 28 Nov 12:00" in the configured zone,
/// whatever this machine's zone is, and "3 weeks ago" from the instant.
public struct DisplayTime {
    /// Seconds since the epoch.
    public let now: Double

    public init(now: Double) {
        self.now = now
    }

    /// The current time of this machine's clock (debug builds: `CONNECTCTL_TEST_NOW`, RFC 3339, for
    /// the golden-output tests).
    public static var current: DisplayTime {
        #if DEBUG
        if let text = getenv("CONNECTCTL_TEST_NOW").map({ String(cString: $0) }), let fixed = WireTime.parse(text) {
            return DisplayTime(now: fixed.secondsSinceEpoch)
        }
        #endif
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return DisplayTime(now: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    /// "Sat 28 Nov 12:00" (the year only when it is not this year's).
    public func local(_ text: String?) -> String {
        guard let text, let time = WireTime.parse(text) else { return "-" }
        let local = time.local
        let nowThere = LocalDateTime(localSeconds: Int64(now) + Int64(time.offsetSeconds))
        let year = nowThere?.date.year == local.date.year ? "" : " \(local.date.year)"
        return "\(CalendarNames.shortWeekday(local.weekday)) \(local.date.day) \(CalendarNames.shortMonth(local.date.month))\(year) "
            + CivilDate.pad(local.hour, 2) + ":" + CivilDate.pad(local.minute, 2)
    }

    /// "Thu 10 Dec" for a day given as YYYY-MM-DD (as it is, when it is not one).
    public func localDay(_ text: String) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let day = CivilDate(year: parts[0], month: parts[1], day: parts[2]) else { return text }
        return "\(CalendarNames.shortWeekday(day.weekday)) \(day.day) \(CalendarNames.shortMonth(day.month))"
    }

    /// "3 weeks ago", "in 2 days", "just now".
    public func relative(_ text: String?) -> String {
        guard let seconds = Self.instant(text) else { return "never" }
        let difference = now - seconds
        let span = Self.span(abs(difference))
        if span == "now" { return "just now" }
        return difference >= 0 ? "\(span) ago" : "in \(span)"
    }

    /// Seconds since the epoch of a wire time.
    public static func instant(_ text: String?) -> Double? {
        text.flatMap(WireTime.parse)?.secondsSinceEpoch
    }

    /// A rounded human length of time: "45s", "3 min", "5 hours", "2 days", "3 weeks", "4 months", "2 years".
    public static func span(_ seconds: Double) -> String {
        func unit(_ n: Double, _ word: String) -> String {
            let count = Int(max(0, min(n, 1e9)).rounded())  // 20.9 days are "3 weeks", not 2
            return "\(count) \(word)\(count == 1 ? "" : "s")"
        }
        switch seconds {
        case ..<1: return "now"
        case ..<60: return "\(Int(seconds))s"
        case ..<3600: return "\(Int(seconds / 60)) min"
        case ..<86400: return unit(seconds / 3600, "hour")
        case ..<(14 * 86400): return unit(seconds / 86400, "day")
        case ..<(61 * 86400): return unit(seconds / (7 * 86400), "week")
        case ..<(365 * 86400): return unit(seconds / (30.44 * 86400), "month")
        default: return unit(seconds / (365.25 * 86400), "year")
        }
    }
}
