/// The POSIX `TZ` rule that ends a TZif file ("CET-1CEST,M3.5.0,M10.5.0/3"): standard and daylight
/// offsets and the yearly switch dates. It governs every instant after the file's last transition,
/// and a `TZ` variable may hold one directly.
struct PosixTimeZoneRule: Hashable, Sendable {
    /// Seconds east of UTC.
    let standardOffset: Int
    let standardName: String
    let daylight: Daylight?

    struct Daylight: Hashable, Sendable {
        let offset: Int
        let name: String
        let start: Switch
        let end: Switch
    }

    /// One yearly switch: a day rule and the local time (in the time then in force) it happens at.
    struct Switch: Hashable, Sendable {
        enum Day: Hashable, Sendable {
            /// Jn: day 1...365, never counting 29 February.
            case julianNoLeap(Int)
            /// n: day 0...365, counting 29 February.
            case zeroBased(Int)
            /// Mm.w.d: weekday d (0 = Sunday) of week w (5 = last) of month m.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }

        let day: Day
        /// Seconds after local midnight; may be negative or beyond a day (TZif v3).
        let time: Int

        func date(in year: Int) -> CivilDate? {
            switch day {
            case .julianNoLeap(let n):
                guard let jan1 = CivilDate(year: year, month: 1, day: 1) else { return nil }
                let leapShift = CivilDate.isLeap(year) && n >= 60 ? 1 : 0
                return jan1.adding(days: n - 1 + leapShift)
            case .zeroBased(let n):
                return CivilDate(year: year, month: 1, day: 1)?.adding(days: n)
            case .monthWeekDay(let month, let week, let weekday):
                guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
                let firstMatch = 1 + (weekday - (first.weekday - 1) + 7) % 7
                var day = firstMatch + (week - 1) * 7
                let length = CivilDate.daysIn(month: month, year: year)
                while day > length { day -= 7 }
                return CivilDate(year: year, month: month, day: day)
            }
        }

        /// The UTC second of this switch in `year`, given the offset in force before it.
        func instant(in year: Int, offsetBefore: Int) -> Int64? {
            guard let date = date(in: year) else { return nil }
            return Int64(date.daysSinceEpoch) * 86400 + Int64(time) - Int64(offsetBefore)
        }
    }

    /// Parses a POSIX TZ string; nil when it is not one.
    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard let standardName = scanner.name(), let standardWest = scanner.offset() else { return nil }
        self.standardName = standardName
        standardOffset = -standardWest
        if scanner.atEnd {
            daylight = nil
            return
        }
        guard let daylightName = scanner.name() else { return nil }
        var daylightOffset = standardOffset + 3600
        if let west = scanner.offset() { daylightOffset = -west }
        let start: Switch, end: Switch
        if scanner.atEnd {
            // POSIX leaves the default to the implementation; the US rule is what glibc uses.
            start = Switch(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
            end = Switch(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
        } else {
            guard scanner.take(UInt8(ascii: ",")), let first = scanner.switchRule(), scanner.take(UInt8(ascii: ",")),
                  let second = scanner.switchRule(), scanner.atEnd else { return nil }
            start = first
            end = second
        }
        daylight = Daylight(offset: daylightOffset, name: daylightName, start: start, end: end)
    }

    /// The DST start and end instants (UTC seconds) of `year`, or nil without daylight time.
    func switches(in year: Int) -> (start: Int64, end: Int64)? {
        guard let daylight, let start = daylight.start.instant(in: year, offsetBefore: standardOffset),
              let end = daylight.end.instant(in: year, offsetBefore: daylight.offset) else { return nil }
        return (start, end)
    }

    func isDaylight(at instant: Int64) -> Bool {
        guard daylight != nil else { return false }
        let year = CivilDate(daysSinceEpoch: Int(floorDiv(instant + Int64(standardOffset), 86400)))?.year ?? 1970
        guard let (start, end) = switches(in: year) else { return false }
        return start < end ? (start <= instant && instant < end) : !(end <= instant && instant < start)
    }

    /// Seconds east of UTC at `instant`, and the abbreviation in force.
    func offset(at instant: Int64) -> (offset: Int, name: String) {
        if let daylight, isDaylight(at: instant) { return (daylight.offset, daylight.name) }
        return (standardOffset, standardName)
    }

    /// The first switch strictly after `instant`, if the rule has any.
    func nextSwitch(after instant: Int64) -> Int64? {
        let year = CivilDate(daysSinceEpoch: Int(floorDiv(instant, 86400)))?.year ?? 1970
        var candidates: [Int64] = []
        for y in [year - 1, year, year + 1] {
            if let (start, end) = switches(in: y) { candidates += [start, end] }
        }
        return candidates.filter { $0 > instant }.min()
    }

    /// Reads the parts of a TZ string.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// "CET" (3+ letters) or "<+0330>" (quoted).
        mutating func name() -> String? {
            if take(UInt8(ascii: "<")) {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                guard index < bytes.count, index - start >= 1 else { return nil }
                let name = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return name
            }
            let start = index
            while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") {
                index += 1
            }
            return index - start >= 3 ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// [+-]hh[:mm[:ss]] as seconds; hours up to 167 (TZif v3).
        mutating func offset() -> Int? {
            var sign = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            guard let hours = number(maxDigits: 3), hours <= 167 else { return nil }
            var seconds = hours * 3600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number(maxDigits: 2), minutes < 60 else { return nil }
                seconds += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let secs = number(maxDigits: 2), secs < 60 else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        mutating func number(maxDigits: Int) -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, index - start < maxDigits, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > start ? value : nil
        }

        /// Jn | n | Mm.w.d, then an optional /time.
        mutating func switchRule() -> Switch? {
            let day: Switch.Day
            if take(UInt8(ascii: "J")) {
                guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
                day = .julianNoLeap(n)
            } else if take(UInt8(ascii: "M")) {
                guard let month = number(maxDigits: 2), (1...12).contains(month), take(UInt8(ascii: ".")),
                      let week = number(maxDigits: 1), (1...5).contains(week), take(UInt8(ascii: ".")),
                      let weekday = number(maxDigits: 1), (0...6).contains(weekday) else { return nil }
                day = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else {
                guard let n = number(maxDigits: 3), (0...365).contains(n) else { return nil }
                day = .zeroBased(n)
            }
            var time = 7200
            if take(UInt8(ascii: "/")) {
                guard let seconds = offset() else { return nil }
                time = seconds
            }
            return Switch(day: day, time: time)
        }
    }
}

/// Division rounding toward negative infinity (for instants before 1970).
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
}
