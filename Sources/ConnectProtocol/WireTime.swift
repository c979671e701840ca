import ConnectTime

/// Times on the wire: RFC 3339 with the offset of the daemon's zone at that instant, e.g.
/// `2026-12-06T18:00:00.000+01:00`. A reader sees the local wall-clock time in the text itself,
/// so the client needs no time zone database to show times in the configured zone.
public enum WireTime {
    /// `local` (a wall-clock reading) that is `offsetSeconds` east of UTC, with milliseconds.
    public static func format(_ local: LocalDateTime, offsetSeconds: Int) -> String {
        let millis = min(999, max(0, Int((local.fraction * 1000).rounded(.down))))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(rest / divisor % 10) + 48)
                rest %= divisor
                divisor /= 10
            }
        }
        digits(local.date.year, 4)
        bytes.append(45)
        digits(local.date.month, 2)
        bytes.append(45)
        digits(local.date.day, 2)
        bytes.append(84)
        digits(local.hour, 2)
        bytes.append(58)
        digits(local.minute, 2)
        bytes.append(58)
        digits(local.second, 2)
        bytes.append(46)
        digits(millis, 3)
        if offsetSeconds == 0 {
            bytes.append(90)
        } else {
            let magnitude = abs(offsetSeconds) / 60
            bytes.append(offsetSeconds < 0 ? 45 : 43)
            digits(magnitude / 60, 2)
            bytes.append(58)
            digits(magnitude % 60, 2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A time read back: the wall-clock reading as written, its offset, and the instant.
    public struct Parsed: Equatable, Sendable {
        public let local: LocalDateTime
        public let offsetSeconds: Int
        /// Seconds since 1970-01-01T00:00:00Z.
        public var secondsSinceEpoch: Double { Double(local.localSeconds - Int64(offsetSeconds)) + local.fraction }
    }

    /// Reads `2026-12-06T18:00:00.000+01:00`, `...Z`, with or without fractional seconds; nil otherwise.
    public static func parse(_ text: String) -> Parsed? {
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
        guard c.count >= 20, let year = number(0, 4), c[4] == 45, let month = number(5, 2), c[7] == 45, let day = number(8, 2),
              c[10] == 84 || c[10] == 116 || c[10] == 32, let hour = number(11, 2), c[13] == 58, let minute = number(14, 2), c[16] == 58,
              let second = number(17, 2), hour < 24, minute < 60, second < 61,
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        var index = 19
        var fraction = 0.0
        if index < c.count, c[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < c.count, c[index] >= 48, c[index] <= 57, index - start < 9 {
                fraction += Double(c[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        if index < c.count, c[index] == 90 || c[index] == 122 {
            index += 1
        } else if index + 6 == c.count, c[index] == 43 || c[index] == 45, let oh = number(index + 1, 2), c[index + 3] == 58,
                  let om = number(index + 4, 2), oh < 24, om < 60 {
            offset = (c[index] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
            index += 6
        } else {
            return nil
        }
        guard index == c.count else { return nil }
        let secondOfDay = hour * 3600 + minute * 60 + min(second, 59)
        return Parsed(local: LocalDateTime(date: date, secondOfDay: secondOfDay, fraction: fraction), offsetSeconds: offset)
    }
}
