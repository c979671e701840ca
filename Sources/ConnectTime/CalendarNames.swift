/// English day and month names: the one place that spells them, for parsing and for display.
public enum CalendarNames {
    public static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    public static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

    /// "Sun" for 1 ... "Sat" for 7.
    public static func shortWeekday(_ weekday: Int) -> String { String(weekdays[(weekday - 1) % 7].prefix(3)) }

    /// "Jan" for 1 ... "Dec" for 12.
    public static func shortMonth(_ month: Int) -> String { String(months[(month - 1) % 12].prefix(3)) }

    /// "sun", "Sunday", "MON", "tues" → 1...7 (1 = Sunday): at least three letters of the name.
    public static func weekday(named text: String) -> Int? {
        let word = text.lowercased()
        guard word.count >= 3 else { return nil }
        return weekdays.firstIndex { $0.lowercased().hasPrefix(word) }.map { $0 + 1 }
    }

    /// "Mar", "march", "Sept" → 1...12: at least three letters of the name.
    public static func month(named text: String) -> Int? {
        let word = text.lowercased()
        guard word.count >= 3 else { return nil }
        return months.firstIndex { $0.lowercased().hasPrefix(word) }.map { $0 + 1 }
    }

    /// "Sat 28 Nov 2026".
    public static func day(_ date: CivilDate) -> String {
        "\(shortWeekday(date.weekday)) \(date.day) \(shortMonth(date.month)) \(date.year)"
    }
}
