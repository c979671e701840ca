import ConnectTime
import Foundation

/// The dates feeds write, as found in the wild: RFC 822 and its variants in RSS ("Tue, 01 Dec 2026
/// 09:30:00 +0000", "1 Dec 2026 09:30 GMT", "Tuesday, 01-Dec-26 09:30:00 EST", a two-digit
/// year, a missing weekday or seconds, named US zones), and ISO 8601 / RFC 3339 in Atom
/// ("2026-12-01T09:30:00Z", "+01:00", fractions, a date alone, a space for the T). Nil for
/// anything else: an item without a date is still shown, never dated wrongly.
public enum FeedDate {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 100 else { return nil }
        return iso8601(trimmed) ?? rfc822(trimmed)
    }

    static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, offset: Int) -> Date? {
        guard let civil = CivilDate(year: year, month: month, day: day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), abs(offset) <= 18 * 3600 else { return nil }
        let local = LocalDateTime(date: civil, hour: hour, minute: minute, second: min(second, 59))
        return Date(timeIntervalSince1970: Double(local.localSeconds - Int64(offset)))
    }

    static func iso8601(_ text: String) -> Date? {
        let c = Array(text.utf8)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= c.count else { return nil }
            var value = 0
            for byte in c[start..<(start + length)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard c.count >= 10, let year = number(0, 4), c[4] == 45, let month = number(5, 2), c[7] == 45, let day = number(8, 2) else { return nil }
        if c.count == 10 { return date(year, month, day, 0, 0, 0, offset: 0) }
        guard c.count >= 16, c[10] == 84 || c[10] == 116 || c[10] == 32, let hour = number(11, 2), c[13] == 58, let minute = number(14, 2) else { return nil }
        var index = 16
        var second = 0
        if index < c.count, c[index] == 58 {
            guard let s = number(17, 2) else { return nil }
            second = s
            index = 19
        }
        if index < c.count, c[index] == 46 || c[index] == 44 {
            index += 1
            while index < c.count, c[index] >= 48, c[index] <= 57 { index += 1 }
        }
        var offset = 0
        if index < c.count {
            switch c[index] {
            case 90, 122: index += 1
            case 43, 45:
                let sign = c[index] == 45 ? -1 : 1
                guard let hours = number(index + 1, 2) else { return nil }
                var minutes = 0
                if index + 3 < c.count {
                    let at = c[index + 3] == 58 ? index + 4 : index + 3
                    guard let m = number(at, 2) else { return nil }
                    minutes = m
                    index = at + 2
                } else {
                    index += 3
                }
                offset = sign * (hours * 3600 + minutes * 60)
            default: return nil
            }
        }
        guard index == c.count else { return nil }
        return date(year, month, day, hour, minute, second, offset: offset)
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = ["gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
                                       "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "bst": 1]

    static func rfc822(_ text: String) -> Date? {
        // Words, with the weekday (anything ending in ',' or a weekday name) dropped.
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, first.hasSuffix(",") || ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].contains(where: { first.hasPrefix($0) }),
           Int(first.prefix(1)) == nil {
            words.removeFirst()
        }
        // "01-Dec-26" as one word.
        if let first = words.first, first.split(separator: "-").count == 3, Int(first.prefix(1)) != nil {
            words.replaceSubrange(0...0, with: first.split(separator: "-").map(String.init))
        }
        guard words.count >= 4, let day = Int(words[0]), let month = months.firstIndex(where: { words[1].hasPrefix($0) }).map({ $0 + 1 }),
              var year = Int(words[2]) else { return nil }
        if words[2].count == 2 { year += year < 70 ? 2000 : 1900 }
        let time = words[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.allSatisfy({ $0 != nil }) else { return nil }
        let (hour, minute, second) = (time[0]!, time[1]!, time.count > 2 ? time[2]! : 0)
        var offset = 0
        if words.count >= 5 {
            let zone = words[4]
            if let hours = zones[zone] {
                offset = hours * 3600
            } else if let first = zone.first, first == "+" || first == "-", zone.count == 5 || zone.count == 6 {
                let digits = zone.dropFirst().filter { $0 != ":" }
                guard digits.count == 4, let value = Int(digits) else { return nil }
                offset = (first == "-" ? -1 : 1) * (value / 100 * 3600 + value % 100 * 60)
            } else {
                return nil
            }
        }
        return date(year, month, day, hour, minute, second, offset: offset)
    }
}
