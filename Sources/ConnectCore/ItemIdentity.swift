import Foundation

/// Stable names for items two machines must agree on without talking: the same interaction, the
/// same nudge (the same person falling due at the same instant) get the same UID everywhere.
public enum ItemIdentity {
    /// FNV-1a, 64 bits, as 16 hex digits: enough to tell items apart, the same on every machine.
    public static func hash(_ parts: [String]) -> String { hash(bytes: parts.joined(separator: "\u{1F}").utf8) }

    public static func hash(bytes: some Sequence<UInt8>) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whole milliseconds since 1970; never traps (dates are checked long before they get here).
    static func milliseconds(_ date: Date) -> String {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return Int64(exactly: value).map(String.init) ?? String(value)
    }

    public static func interaction(person: String, at: Date, kind: String, note: String?) -> String {
        "interaction-" + hash([person, milliseconds(at), kind, note ?? ""])
    }

    public static func reflection(slot: Date, answer: String) -> String {
        "reflection-" + hash([milliseconds(slot), answer])
    }

    /// Whole seconds: the due instant is computed from times that crossed machines in vCards and
    /// iCalendar items, which carry whole seconds.
    public static func nudge(person: String, dueSince: Date) -> String {
        let seconds = dueSince.timeIntervalSince1970.rounded(.down)
        return "nudge-" + hash([person, Int64(exactly: seconds).map(String.init) ?? String(seconds)])
    }

    /// A circle's card: named by the circle (its tag), the same on every machine.
    public static func circle(_ name: String) -> String { circlePrefix + name }
    public static let circlePrefix = "connectd-circle-"
}
