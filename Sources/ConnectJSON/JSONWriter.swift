/// Writes JSON text into a byte buffer: compact for the wire, or indented with sorted keys for
/// people (`connectctl --json`).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public let pretty: Bool

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
            let keys = pretty ? members.keys.sorted() : Array(members.keys)
            for (offset, key) in keys.enumerated() {
                if offset > 0 { append(UInt8(ascii: ",")) }
                newline(indent + 1)
                string(key)
                append(UInt8(ascii: ":"))
                if pretty { append(UInt8(ascii: " ")) }
                write(members[key]!, indent: indent + 1)
            }
            newline(indent)
            append(UInt8(ascii: "}"))
        }
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
        bytes.append(contentsOf: String(value).utf8)
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
