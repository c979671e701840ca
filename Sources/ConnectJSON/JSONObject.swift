/// The members of a JSON object, in the order they were written. A small array rather than a
/// dictionary: objects on the wire have a handful of keys, lookups scan them, and a one-shot
/// client does not pay for instantiating hashed storage. Keys are unique (the parser refuses
/// duplicates; `set` replaces).
public struct JSONObject: Equatable, Sendable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = []
        for (key, value) in elements { self[key] = value }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Appends without looking for the key: for the parser, which checks duplicates itself.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) { members.append((key, value)) }

    /// The first key that appears twice, if any: O(n²) for small objects, O(n log n) beyond.
    func duplicateKey() -> String? {
        if members.count <= 16 {
            for i in members.indices.dropFirst() where members[..<i].contains(where: { $0.key == members[i].key }) {
                return members[i].key
            }
            return nil
        }
        let sorted = members.map(\.key).sorted()
        for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] { return sorted[i] }
        return nil
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        return a.members.allSatisfy { member in b[member.key] == member.value }
    }
}
