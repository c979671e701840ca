/// A time zone's rules, read from the tz database's TZif format (RFC 8536) or a POSIX TZ string:
/// the UTC offset at any instant, and which instants a local wall-clock time names. Our own code on
/// purpose: it needs no ICU (Foundation's time zones pull in ICU's data and do not work in a
/// static binary), it is fast enough to run per person, and its DST rules are explicit.
public struct TimeZoneRules: Hashable, Sendable {
    /// The IANA name ("Europe/Berlin"), or the TZ string it was made from.
    public let identifier: String
    /// Transition instants (UTC seconds), ascending, and the local time type from each one on.
    private let transitions: [Int64]
    private let transitionTypes: [Int]
    private let types: [LocalTimeType]
    /// Rules for instants after the last transition (or for all of them, without transitions).
    private let footer: PosixTimeZoneRule?

    struct LocalTimeType: Hashable, Sendable {
        let offset: Int
        let isDaylight: Bool
        let name: String
    }

    /// What a wall-clock time names in this zone.
    public enum Resolution: Equatable, Sendable {
        /// One instant (the usual case).
        case unique(Int64)
        /// The clock was set back: the time happened twice (fall back).
        case ambiguous(first: Int64, second: Int64)
        /// The clock jumped over it (spring forward); `transition` is the first valid instant after.
        case gap(transition: Int64)
    }

    public static let utc = TimeZoneRules(identifier: "UTC", offsetSeconds: 0)

    /// A zone with one fixed offset (seconds east of UTC).
    public init(identifier: String, offsetSeconds: Int) {
        self.identifier = identifier
        transitions = []
        transitionTypes = []
        types = [LocalTimeType(offset: offsetSeconds, isDaylight: false, name: identifier)]
        footer = nil
    }

    /// A zone from a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3"; nil when it is not one.
    public init?(posix: String) {
        guard let rule = PosixTimeZoneRule(posix) else { return nil }
        identifier = posix
        transitions = []
        transitionTypes = []
        types = [LocalTimeType(offset: rule.standardOffset, isDaylight: false, name: rule.standardName)]
        footer = rule
    }

    /// Parses a TZif file (versions 1 to 4). Throws on anything malformed; never traps.
    public init(identifier: String, tzif bytes: [UInt8]) throws(TimeZoneError) {
        var reader = TZifReader(bytes: bytes, name: identifier)
        let first = try reader.header()
        var header = first
        var timeSize = 4
        if first.version >= 2 {
            try reader.skip(first.dataSize(timeSize: 4))
            header = try reader.header()
            timeSize = 8
        }
        guard header.typeCount >= 1 else { throw .malformed(identifier, "no local time types") }
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.transitionCount)
        for _ in 0..<header.transitionCount { transitions.append(try reader.signed(size: timeSize)) }
        var transitionTypes: [Int] = []
        for _ in 0..<header.transitionCount {
            let index = Int(try reader.byte())
            guard index < header.typeCount else { throw .malformed(identifier, "a transition names a missing type") }
            transitionTypes.append(index)
        }
        var rawTypes: [(offset: Int, isDaylight: Bool, nameIndex: Int)] = []
        for _ in 0..<header.typeCount {
            let offset = Int(try reader.signed(size: 4))
            guard abs(offset) <= 26 * 3600 else { throw .malformed(identifier, "an offset beyond 26 hours") }
            rawTypes.append((offset, try reader.byte() != 0, Int(try reader.byte())))
        }
        let names = Array(try reader.bytes(header.nameBytes))
        try reader.skip(header.leapCount * (timeSize + 4) + header.standardFlagCount + header.utcFlagCount)
        types = rawTypes.map { raw in
            let end = names[min(raw.nameIndex, names.count)...].firstIndex(of: 0) ?? names.count
            return LocalTimeType(offset: raw.offset, isDaylight: raw.isDaylight,
                                 name: String(decoding: names[min(raw.nameIndex, end)..<end], as: UTF8.self))
        }
        guard zip(transitions, transitions.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .malformed(identifier, "transitions are not in order")
        }
        var footer: PosixTimeZoneRule?
        if first.version >= 2 {
            let rest = reader.remaining
            if rest.count >= 2, rest.first == 10, let close = rest.dropFirst().firstIndex(of: 10) {
                let text = String(decoding: rest[(rest.startIndex + 1)..<close], as: UTF8.self)
                if !text.isEmpty {
                    guard let rule = PosixTimeZoneRule(text) else { throw .malformed(identifier, "the footer '\(text)' is not a TZ rule") }
                    footer = rule
                }
            }
        }
        self.identifier = identifier
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.footer = footer
    }

    /// Seconds east of UTC at `instant` (UTC seconds).
    public func offset(at instant: Int64) -> Int { localType(at: instant).offset }

    /// The abbreviation in force at `instant` ("CET", "CEST").
    public func abbreviation(at instant: Int64) -> String { localType(at: instant).name }

    /// Instants are clamped to about ±35 million years: far beyond any date we handle, and far from
    /// where adding offsets or days could overflow.
    static func clamp(_ instant: Int64) -> Int64 { min(max(instant, -(1 << 50)), 1 << 50) }

    private func localType(at unclamped: Int64) -> (offset: Int, name: String) {
        let instant = Self.clamp(unclamped)
        if let last = transitions.last, instant >= last {
            if let footer { return footer.offset(at: instant) }
            let type = types[transitionTypes[transitionTypes.count - 1]]
            return (type.offset, type.name)
        }
        if transitions.isEmpty || instant < transitions[0] {
            if transitions.isEmpty, let footer { return footer.offset(at: instant) }
            return (types[0].offset, types[0].name)
        }
        // The last transition at or before `instant`.
        var low = 0, high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitions[middle] <= instant { low = middle } else { high = middle - 1 }
        }
        let type = types[transitionTypes[low]]
        return (type.offset, type.name)
    }

    /// The first change of offset strictly after `instant`, if any.
    public func nextTransition(after unclamped: Int64) -> Int64? {
        let instant = Self.clamp(unclamped)
        if let index = transitions.firstIndex(where: { $0 > instant }) { return transitions[index] }
        return footer?.nextSwitch(after: max(instant, transitions.last ?? instant))
    }

    /// Which instants the wall-clock time `local` (seconds since 1970-01-01 00:00 local) names.
    public func resolve(local unclamped: Int64) -> Resolution {
        let local = Self.clamp(unclamped)
        // Offsets span less than a day: a day before and after lie on either side of any change.
        let before = offset(at: local - 86400)
        let after = offset(at: local + 86400)
        // Usually all three offsets are one: then one check, and no allocation.
        let middle = offset(at: local)
        var first: Int64?
        var last: Int64?
        for (index, candidate) in [before, after, middle].enumerated() {
            if index == 1, candidate == before { continue }
            if index == 2, candidate == before || candidate == after { continue }
            let instant = local - Int64(candidate)
            guard offset(at: instant) == candidate else { continue }
            first = min(first ?? instant, instant)
            last = max(last ?? instant, instant)
        }
        guard let first, let last else {
            let earliest = local - Int64(max(before, after))
            return .gap(transition: nextTransition(after: earliest) ?? local - Int64(before))
        }
        return first == last ? .unique(first) : .ambiguous(first: first, second: last)
    }
}

/// Why time zone rules could not be loaded.
public enum TimeZoneError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .unknown(let name):
            "'\(name)' is not a known time zone: use a name from 'timedatectl list-timezones' (like Europe/Berlin)."
        case .malformed(let name, let reason):
            "The time zone data of '\(name)' cannot be read (\(reason)); reinstall the tzdata package."
        }
    }
}

/// Sequential big-endian reads of a TZif file with bounds checks.
private struct TZifReader {
    let bytes: [UInt8]
    let name: String
    var index = 0

    struct Header {
        let version: Int
        let utcFlagCount, standardFlagCount, leapCount, transitionCount, typeCount, nameBytes: Int

        func dataSize(timeSize: Int) -> Int {
            transitionCount * (timeSize + 1) + typeCount * 6 + nameBytes + leapCount * (timeSize + 4) + standardFlagCount + utcFlagCount
        }
    }

    var remaining: ArraySlice<UInt8> { bytes[index...] }

    mutating func header() throws(TimeZoneError) -> Header {
        let magic = try self.bytes(4)
        guard magic.elementsEqual("TZif".utf8) else { throw .malformed(name, "not a TZif file") }
        let versionByte = try byte()
        let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
        guard (1...9).contains(version) else { throw .malformed(name, "unknown TZif version") }
        try skip(15)
        var counts: [Int] = []
        for _ in 0..<6 {
            let value = try signed(size: 4)
            guard value >= 0, value <= 1 << 20 else { throw .malformed(name, "an implausible count") }
            counts.append(Int(value))
        }
        return Header(version: version, utcFlagCount: counts[0], standardFlagCount: counts[1], leapCount: counts[2],
                      transitionCount: counts[3], typeCount: counts[4], nameBytes: counts[5])
    }

    mutating func byte() throws(TimeZoneError) -> UInt8 {
        guard index < bytes.count else { throw .malformed(name, "the file ends early") }
        index += 1
        return bytes[index - 1]
    }

    mutating func bytes(_ count: Int) throws(TimeZoneError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - index else { throw .malformed(name, "the file ends early") }
        index += count
        return bytes[(index - count)..<index]
    }

    mutating func skip(_ count: Int) throws(TimeZoneError) { _ = try bytes(count) }

    mutating func signed(size: Int) throws(TimeZoneError) -> Int64 {
        var value: UInt64 = 0
        for byte in try bytes(size) { value = value << 8 | UInt64(byte) }
        if size == 4 { return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: value))) }
        return Int64(bitPattern: value)
    }
}
