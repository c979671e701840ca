import Foundation

/// One line of msmtp's log, as msmtp writes it with its default time format (the month's name
/// in the user's language):
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

    /// Month names as strftime's %b writes them in the locales msmtp users run (msmtp writes the
    /// time in the user's LC_TIME): English, German, French, Spanish, Italian, Dutch, Portuguese,
    /// Swedish, Danish and Norwegian, Polish; lower-case, without a trailing '.'. No name means two
    /// months in any of them.
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["jan", "janv", "ene", "gen", "sty", "januar", "janvier", "jän"],
            ["feb", "févr", "fev", "lut", "februar"],
            ["mar", "mär", "mars", "mrt", "marzo", "märz"],
            ["apr", "avr", "avril", "abr", "kwi", "april"],
            ["may", "mai", "mag", "mei", "maj", "mayo"],
            ["jun", "juin", "giu", "juni", "cze", "junio"],
            ["jul", "juil", "lug", "juli", "lip", "julio"],
            ["aug", "août", "ago", "sie", "agosto"],
            ["sep", "sept", "set", "wrz"],
            ["oct", "okt", "ott", "out", "paź", "octubre"],
            ["nov", "lis"],
            ["dec", "dez", "déc", "dic", "gru"],
        ]
        var table: [String: Int] = [:]
        for (index, list) in names.enumerated() { for name in list { table[name] = index + 1 } }
        return table
    }()

    public static func parse(_ line: Substring) -> MsmtpLogLine? {
        let bytes = Array(line.utf8.prefix(longest + 1))
        guard bytes.count >= 16, bytes.count <= longest else { return nil }
        // "Dec 07 10:46:09 ", "Dec  7 10:46:09 ", "déc. 07 10:46:09 ", "Mär 07 10:46:09 "
        guard let space = bytes.prefix(12).firstIndex(of: 32), space > 0 else { return nil }
        var monthName = String(decoding: bytes[0..<space], as: UTF8.self).lowercased()
        if monthName.hasSuffix(".") { monthName.removeLast() }
        guard let month = months[monthName] else { return nil }
        var index = space + 1
        while index < bytes.count, bytes[index] == 32, index < space + 3 { index += 1 }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        let dayStart = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, index < dayStart + 2 { index += 1 }
        let t = index + 1
        guard index > dayStart, let day = number(dayStart..<index), index < bytes.count, bytes[index] == 32,
              let hour = number(t..<(t + 2)), t + 8 < bytes.count, bytes[t + 2] == 58, let minute = number((t + 3)..<(t + 5)),
              bytes[t + 5] == 58, let second = number((t + 6)..<(t + 8)), bytes[t + 8] == 32,
              (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let rest = String(decoding: bytes[(t + 9)...], as: UTF8.self)
        guard let recipients = value(of: "recipients", in: rest) else { return nil }
        // A copy to yourself (your own address among the recipients: a Bcc to you) is not a contact.
        let sender = value(of: "from", in: rest).map { $0.lowercased() }
        let addresses = recipients.split(separator: ",").map { String($0) }.filter { $0.contains("@") && $0.lowercased() != sender }
        guard !addresses.isEmpty else { return nil }
        return MsmtpLogLine(month: month, day: day, hour: hour, minute: minute, second: second, recipients: addresses,
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
