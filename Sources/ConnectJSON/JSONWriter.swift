/// Writes JSON text into a byte buffer: compact for the wire, or indented with sorted keys for
/// people (`connectctl --json`).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public let pretty: Bool
    /// For hand-written objects and lists: whether the open container needs a comma next.
    private var needsComma: [Bool] = []
    /// A key was just written: the next thing is its value, without a comma.
    private var afterKey = false

    public init(pretty: Bool = false, capacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// `value` as compact JSON.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// `value` indented by two spaces, keys sorted: stable output for scripts and people.
    public static func prettyText(_ value: JSONValue) -> String {
        var writer = JSONWriter(pretty: true)
        writer.write(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    public mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .integer(let number): integer(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            guard !elements.isEmpty else { return raw("[]") }
            append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(element, indent: indent + 1)
            }
            newline(indent)
            append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return raw("{}") }
            append(UInt8(ascii: "{"))
            let ordered = pretty ? members.members.sorted { $0.key < $1.key } : members.members
            for (offset, member) in ordered.enumerated() {
                if offset > 0 { append(UInt8(ascii: ",")) }
                newline(indent + 1)
                string(member.key)
                append(UInt8(ascii: ":"))
                if pretty { append(UInt8(ascii: " ")) }
                write(member.value, indent: indent + 1)
            }
            newline(indent)
            append(UInt8(ascii: "}"))
        }
    }

    // MARK: Hand-written objects (compact): open, members, close

    public mutating func openObject() {
        separate()
        append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func closeObject() {
        needsComma.removeLast()
        append(UInt8(ascii: "}"))
    }

    public mutating func openList(_ key: String) {
        self.key(key)
        afterKey = false
        append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func closeList() {
        needsComma.removeLast()
        append(UInt8(ascii: "]"))
    }

    /// Starts a member or element: a comma unless it is the first (or the value of a key).
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = needsComma.indices.last else { return }
        if needsComma[last] { append(UInt8(ascii: ",")) }
        needsComma[last] = true
    }

    public mutating func key(_ key: String) {
        separate()
        string(key)
        append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func member(_ key: String, _ value: String) {
        self.key(key)
        afterKey = false
        string(value)
    }

    public mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key, value)
    }

    public mutating func member(_ key: String, _ value: Int64) {
        self.key(key)
        afterKey = false
        integer(value)
    }

    public mutating func member(_ key: String, _ value: Int) {
        member(key, Int64(value))
    }

    public mutating func member(_ key: String, _ value: Double) {
        self.key(key)
        afterKey = false
        double(value)
    }

    public mutating func member(_ key: String, _ value: Bool) {
        self.key(key)
        afterKey = false
        raw(value ? "true" : "false")
    }

    public mutating func member(_ key: String, _ values: [String]) {
        openList(key)
        for value in values {
            separate()
            string(value)
        }
        closeList()
    }

    /// An element of an open list (or the value of a key just written).
    public mutating func element(_ value: String) {
        separate()
        string(value)
    }

    public mutating func element(_ value: Int64) {
        separate()
        integer(value)
    }

    public mutating func element(_ value: Int) { element(Int64(value)) }

    public mutating func element(_ value: Double) {
        separate()
        double(value)
    }

    public mutating func element(_ value: Bool) {
        separate()
        raw(value ? "true" : "false")
    }

    /// A list member whose elements `body` writes.
    public mutating func list(_ key: String, _ body: (inout JSONWriter) -> Void) {
        openList(key)
        body(&self)
        closeList()
    }

    /// Bytes that already are JSON (a value encoded elsewhere).
    public mutating func rawJSON(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func integer<T: BinaryInteger>(_ value: T) {
        integer(Int64(clamping: value))
    }

    /// Digits without an intermediate String.
    public mutating func integer(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            if value == .min {
                bytes.append(contentsOf: "9223372036854775808".utf8)
                return
            }
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// A finite double in its shortest exact form; NaN and infinities (not JSON) become null.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return raw("null") }
        if value == value.rounded(), abs(value) < 1e15 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// A string with `"`, `\` and control characters escaped; other UTF-8 passes through.
    public mutating func string(_ text: String) {
        append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        let plain = text.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            guard !buffer.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain == true {
            append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x00..<0x20, 0x7F:
                raw("\\u00")
                let digits: [UInt8] = Array("0123456789abcdef".utf8)
                append(digits[Int(byte >> 4)])
                append(digits[Int(byte & 0xF)])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }
}
