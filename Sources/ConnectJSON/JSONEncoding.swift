/// Encodes an `Encodable` value straight into JSON bytes in one pass: no intermediate tree, no
/// Foundation. Keys come out in the order the type encodes them; nil optionals are left out.
public enum JSONEncoding {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = Sink()
        try sink.encodeValue(value, depth: 0)
        sink.closeAll()
        return sink.writer.bytes
    }

    /// The shared output and the stack of containers still open. Containers close when a
    /// shallower one writes its next element, or at the end.
    final class Sink {
        var writer = JSONWriter(capacity: 1024)
        /// Closing bytes of open containers, innermost last, with their depth.
        var open: [(depth: Int, close: UInt8, count: Int)] = []

        func closeDeeper(than depth: Int) {
            while let last = open.last, last.depth > depth {
                writer.append(last.close)
                open.removeLast()
            }
        }

        func closeAll() { closeDeeper(than: -1) }

        /// Starts an element of the container at `depth`: a comma unless it is the first.
        func beginElement(depth: Int) {
            closeDeeper(than: depth)
            guard let index = open.indices.last, open[index].depth == depth else { return }
            if open[index].count > 0 { writer.append(UInt8(ascii: ",")) }
            open[index].count += 1
        }

        func openContainer(_ opening: UInt8, _ closing: UInt8, depth: Int) {
            writer.append(opening)
            open.append((depth, closing, 0))
        }

        func encodeValue<T: Encodable>(_ value: T, depth: Int) throws {
            switch value {
            case let text as String: writer.string(text)
            case let flag as Bool: writer.raw(flag ? "true" : "false")
            case let number as Int: writer.integer(number)
            case let number as Int64: writer.integer(number)
            case let number as Int32: writer.integer(number)
            case let number as UInt32: writer.integer(number)
            case let number as Double: writer.double(number)
            default:
                try value.encode(to: StreamEncoder(sink: self, depth: depth, codingPath: []))
                closeDeeper(than: depth)
            }
        }
    }

    struct StreamEncoder: Encoder {
        let sink: Sink
        /// The depth of the container this encoder opens.
        let depth: Int
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            sink.openContainer(UInt8(ascii: "{"), UInt8(ascii: "}"), depth: depth + 1)
            return KeyedEncodingContainer(Keyed<Key>(sink: sink, depth: depth + 1, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.openContainer(UInt8(ascii: "["), UInt8(ascii: "]"), depth: depth + 1)
            return Unkeyed(sink: sink, depth: depth + 1, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(sink: sink, depth: depth, codingPath: codingPath)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey]

        func key(_ key: Key) {
            sink.beginElement(depth: depth)
            sink.writer.string(key.stringValue)
            sink.writer.append(UInt8(ascii: ":"))
        }

        mutating func encodeNil(forKey key: Key) throws {
            self.key(key)
            sink.writer.raw("null")
        }

        // The primitive overloads write directly: no dynamic casts on the hot path.
        mutating func encode(_ value: String, forKey key: Key) throws {
            self.key(key)
            sink.writer.string(value)
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            self.key(key)
            sink.writer.raw(value ? "true" : "false")
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            self.key(key)
            sink.writer.integer(value)
        }

        mutating func encode(_ value: Int64, forKey key: Key) throws {
            self.key(key)
            sink.writer.integer(value)
        }

        mutating func encode(_ value: Double, forKey key: Key) throws {
            self.key(key)
            sink.writer.double(value)
        }

        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) }
        }

        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) }
        }

        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) }
        }

        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) }
        }

        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) }
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.key(key)
            try sink.encodeValue(value, depth: depth)
        }

        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return }
            try encode(value, forKey: key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return StreamEncoder(sink: sink, depth: depth, codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            self.key(key)
            return StreamEncoder(sink: sink, depth: depth, codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { StreamEncoder(sink: sink, depth: depth, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            self.key(key)
            return StreamEncoder(sink: sink, depth: depth, codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey]
        var count = 0

        mutating func encodeNil() throws {
            sink.beginElement(depth: depth)
            sink.writer.raw("null")
            count += 1
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            sink.beginElement(depth: depth)
            try sink.encodeValue(value, depth: depth)
            count += 1
        }

        mutating func encode(_ value: String) throws {
            sink.beginElement(depth: depth)
            sink.writer.string(value)
            count += 1
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            sink.beginElement(depth: depth)
            count += 1
            return StreamEncoder(sink: sink, depth: depth, codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.beginElement(depth: depth)
            count += 1
            return StreamEncoder(sink: sink, depth: depth, codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            sink.beginElement(depth: depth)
            count += 1
            return StreamEncoder(sink: sink, depth: depth, codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { sink.writer.raw("null") }
        mutating func encode<T: Encodable>(_ value: T) throws { try sink.encodeValue(value, depth: depth) }
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .double(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: AnyKey.self)
            for member in members { try container.encode(member.value, forKey: AnyKey(member.key)) }
        }
    }
}

/// A coding key made from any string: for objects whose keys are data.
public struct AnyKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { stringValue = String(intValue) }
}
