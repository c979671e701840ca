import ConnectTime
import Foundation

/// Timestamps in vCard files (REV, connectd's X-CONNECTD-LAST-CONTACT): basic
/// `20240315T091522Z` or extended `2024-03-15T09:15:22Z`, with `Z` or an offset (none: UTC); a
/// date alone means midnight UTC.
enum VCardDate {
    static func timestamp(_ text: String) -> Date? {
        let s = Array(text.trimmingSpaces.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= s.count, s[index..<index + count].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            defer { index += count }
            return s[index..<index + count].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        func skip(_ byte: Character) -> Bool {
            guard index < s.count, s[index] == UInt8(ascii: byte.unicodeScalars.first!) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4) else { return nil }
        let extended = skip("-")
        guard let month = digits(2), !extended || skip("-"), let day = digits(2),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        var seconds = 0
        if skip("T") {
            guard let hour = digits(2), hour < 24 else { return nil }
            _ = skip(":")
            guard let minute = digits(2), minute < 60 else { return nil }
            seconds = hour * 3600 + minute * 60
            if skip(":") || (index < s.count && s[index] >= 48 && s[index] <= 57) {
                guard let second = digits(2), second < 61 else { return nil }
                seconds += second
            }
            if skip(".") || skip(",") {
                while index < s.count, s[index] >= 48, s[index] <= 57 { index += 1 }
            }
        }
        var offset = 0
        if skip("Z") {
            // UTC
        } else if index < s.count, s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
            let sign = s[index] == UInt8(ascii: "+") ? 1 : -1
            index += 1
            guard let hours = digits(2), hours <= 18 else { return nil }
            _ = skip(":")
            let minutes = digits(2) ?? 0
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard index == s.count else { return nil }
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86400 + seconds - offset))
    }

    /// `20240315T091522Z`, as RFC 6350 writes REV.
    static func basicUTC(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86400 : (total - 86399) / 86400
        let seconds = total - days * 86400
        let civil = CivilDate(daysSinceEpoch: days) ?? CivilDate(year: 1970, month: 1, day: 1)!
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(civil.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(civil.month) + two(civil.day) + "T"
            + two(seconds / 3600) + two(seconds / 60 % 60) + two(seconds % 60) + "Z"
    }
}

/// Instants in connectd's JSON export: UTC with milliseconds, `2026-12-01T14:09:00.123Z`. An
/// export imported and exported again gives the same text.
public enum ExportTime {
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int(millis - seconds * 1000)
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let inDay = Int(seconds - Int64(days) * 86400)
        let civil = CivilDate(daysSinceEpoch: days) ?? CivilDate(year: 1970, month: 1, day: 1)!
        func pad(_ n: Int, _ width: Int) -> String {
            let text = String(n)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T\(pad(inDay / 3600, 2)):\(pad(inDay / 60 % 60, 2)):"
            + "\(pad(inDay % 60, 2)).\(pad(fraction, 3))Z"
    }

    /// Reads what `format` writes (and any RFC 3339 instant with an offset).
    public static func parse(_ text: String) -> Date? {
        guard text.count >= 20 else { return nil }
        var main = text
        var millis = 0.0
        if let dot = text.firstIndex(of: "."), let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            let digits = text[text.index(after: dot)..<zone]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Double("0." + digits) else { return nil }
            millis = value
            main = String(text[..<dot]) + String(text[zone...])
        }
        return VCardDate.timestamp(main).map { $0.addingTimeInterval(millis) }
    }
}
