import Foundation

/// One line of msmtp's log, as msmtp writes it with its default time format:
/// `Dec 07 10:46:09 host=… from=me@example.org recipients=ada@example.org,GRACE@Example.ORG … exitcode=EX_OK`.
/// When (without a year: msmtp writes none), to whom, and whether it was sent. Linear in the
/// line; a line that is not of this form is nil.
public struct MsmtpLogLine: Equatable, Sendable {
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The addresses as msmtp logged them (lowercase them to match).
    public let recipients: [String]
    /// `exitcode=EX_OK`: the mail went out.
    public let sent: Bool

    public init(month: Int, day: Int, hour: Int, minute: Int, second: Int, recipients: [String], sent: Bool) {
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.recipients = recipients
        self.sent = sent
    }

    /// At most this many bytes: a longer line is not msmtp's.
    public static let longest = 65536
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public static func parse(_ line: Substring) -> MsmtpLogLine? {
        let bytes = Array(line.utf8.prefix(longest + 1))
        guard bytes.count >= 16, bytes.count <= longest else { return nil }
        // "Dec 07 10:46:09 "
        let monthName = String(decoding: bytes[0..<3], as: UTF8.self).lowercased()
        guard let monthIndex = months.firstIndex(of: monthName), bytes[3] == 32 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                if byte == 32, value == 0 { continue }  // "Dec  7" (a padded day)
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let day = number(4..<6), bytes[6] == 32, let hour = number(7..<9), bytes[9] == 58, let minute = number(10..<12),
              bytes[12] == 58, let second = number(13..<15), bytes[15] == 32,
              (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let rest = String(decoding: bytes[16...], as: UTF8.self)
        guard let recipients = value(of: "recipients", in: rest) else { return nil }
        let addresses = recipients.split(separator: ",").map { String($0) }.filter { $0.contains("@") }
        guard !addresses.isEmpty else { return nil }
        return MsmtpLogLine(month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second, recipients: addresses,
                            sent: exitCode(in: rest) == "EX_OK")
    }

    /// msmtp writes `exitcode=` last: the last one counts (a server's quoted message could hold
    /// the same text).
    private static func exitCode(in text: String) -> Substring? {
        guard let range = text.range(of: " exitcode=", options: .backwards) else { return nil }
        return text[range.upperBound...].prefix { $0 != " " }
    }

    /// The value of ` key=` (or `key=` at the start), up to the next space: the first one (msmtp
    /// writes the recipients before any quoted text).
    private static func value(of key: String, in text: String) -> Substring? {
        var searchFrom = text.startIndex
        while let range = text.range(of: key + "=", range: searchFrom..<text.endIndex) {
            if range.lowerBound == text.startIndex || text[text.index(before: range.lowerBound)] == " " {
                return text[range.upperBound...].prefix { $0 != " " }
            }
            searchFrom = range.upperBound
        }
        return nil
    }
}
