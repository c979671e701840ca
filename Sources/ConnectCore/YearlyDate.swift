import ConnectTime

/// A date that comes back every year (a birthday, an anniversary): month and day, and the year
/// when it is known ("--05-17" has none).
public struct YearlyDate: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int?
    public let month: Int
    public let day: Int

    /// Nil when the date does not exist (February 30, month 13); February 29 is allowed without a year.
    public init?(year: Int?, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1 else { return nil }
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        if let year {
            guard (1...9999).contains(year), CivilDate(year: year, month: month, day: day) != nil else { return nil }
        } else {
            guard day <= longest else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether the birthday falls on `date`: February 29 falls on February 28 in other years.
    public func falls(on date: CivilDate) -> Bool {
        if month == date.month, day == date.day { return true }
        return month == 2 && day == 29 && date.month == 2 && date.day == 28 && !CivilDate.isLeap(date.year)
    }

    /// "1990-05-17", or "--05-17" without a year: what is stored and exported.
    public var description: String {
        let md = (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
        guard let year else { return "--" + md }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + md
    }

    /// Reads "1990-05-17", "19900517", "--05-17", "--0517" (and a date-time, whose date counts).
    public static func parse(_ text: String) -> YearlyDate? {
        let s = Array(text.trimmingSpaces.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= s.count, s[range].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return s[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        if s.starts(with: Array("--".utf8)) {
            if s.count == 6, let m = number(2..<4), let d = number(4..<6) { return YearlyDate(year: nil, month: m, day: d) }
            if s.count == 7, s[4] == UInt8(ascii: "-"), let m = number(2..<4), let d = number(5..<7) { return YearlyDate(year: nil, month: m, day: d) }
            return nil
        }
        if s.count >= 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"), let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
           s.count == 10 || s[10] == UInt8(ascii: "T") {
            return YearlyDate(year: y, month: m, day: d)
        }
        if s.count >= 8, let y = number(0..<4), let m = number(4..<6), let d = number(6..<8), s.count == 8 || s[8] == UInt8(ascii: "T") {
            return YearlyDate(year: y, month: m, day: d)
        }
        return nil
    }
}
