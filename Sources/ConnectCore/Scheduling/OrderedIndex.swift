/// A sorted set of keys with ranks: insert, remove, "how many keys are below x" and in-order
/// walks, each in O(log n) (walks: O(log n + k) for k keys). A treap with subtree sizes, its
/// nodes in flat arrays so that it costs a few bytes per key and no allocation per node.
/// Priorities come from a fixed-seed generator: the shape is random but repeatable.
public struct OrderedIndex<Key: Comparable>: Sendable where Key: Sendable {
    private var keys: [Key] = []
    private var priorities: [UInt64] = []
    private var left: [Int32] = []
    private var right: [Int32] = []
    private var sizes: [Int32] = []
    private var free: [Int32] = []
    private var root: Int32 = -1
    private var seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init() {}

    public var count: Int { root < 0 ? 0 : Int(sizes[Int(root)]) }
    public var isEmpty: Bool { root < 0 }

    /// The smallest key.
    public var first: Key? {
        guard root >= 0 else { return nil }
        var node = root
        while left[Int(node)] >= 0 { node = left[Int(node)] }
        return keys[Int(node)]
    }

    public func contains(_ key: Key) -> Bool {
        var node = root
        while node >= 0 {
            let k = keys[Int(node)]
            if key == k { return true }
            node = key < k ? left[Int(node)] : right[Int(node)]
        }
        return false
    }

    /// How many keys are strictly less than `key`.
    public func rank(of key: Key) -> Int {
        var node = root
        var below = 0
        while node >= 0 {
            if keys[Int(node)] < key {
                below += 1 + size(left[Int(node)])
                node = right[Int(node)]
            } else {
                node = left[Int(node)]
            }
        }
        return below
    }

    /// Inserts `key`; returns false when it was present already.
    @discardableResult
    public mutating func insert(_ key: Key) -> Bool {
        guard !contains(key) else { return false }
        let node = allocate(key)
        let (lower, upper) = split(root, key)
        root = merge(merge(lower, node), upper)
        return true
    }

    /// Removes `key`; returns false when it was absent.
    @discardableResult
    public mutating func remove(_ key: Key) -> Bool {
        guard contains(key) else { return false }
        root = removing(key, from: root)
        return true
    }

    /// Calls `body` with each key in ascending order until it returns false.
    public func forEach(_ body: (Key) throws -> Bool) rethrows {
        var stack: [Int32] = []
        var node = root
        while node >= 0 || !stack.isEmpty {
            while node >= 0 {
                stack.append(node)
                node = left[Int(node)]
            }
            let current = stack.removeLast()
            guard try body(keys[Int(current)]) else { return }
            node = right[Int(current)]
        }
    }

    /// Calls `body` with each key from the first one not below `start`, in ascending order,
    /// until it returns false: O(log n + k).
    public func forEach(from start: Key, _ body: (Key) throws -> Bool) rethrows {
        var stack: [Int32] = []
        var node = root
        while node >= 0 {
            if keys[Int(node)] < start {
                node = right[Int(node)]
            } else {
                stack.append(node)
                node = left[Int(node)]
            }
        }
        while !stack.isEmpty {
            let current = stack.removeLast()
            guard try body(keys[Int(current)]) else { return }
            node = right[Int(current)]
            while node >= 0 {
                stack.append(node)
                node = left[Int(node)]
            }
        }
    }

    /// The keys in ascending order (O(n)).
    public var sorted: [Key] {
        var result: [Key] = []
        result.reserveCapacity(count)
        forEach { result.append($0); return true }
        return result
    }

    // MARK: Treap internals

    private func size(_ node: Int32) -> Int { node < 0 ? 0 : Int(sizes[Int(node)]) }

    private mutating func update(_ node: Int32) {
        sizes[Int(node)] = Int32(1 + size(left[Int(node)]) + size(right[Int(node)]))
    }

    private mutating func allocate(_ key: Key) -> Int32 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        let priority = z ^ (z >> 31)
        if let reused = free.popLast() {
            let i = Int(reused)
            keys[i] = key
            priorities[i] = priority
            left[i] = -1
            right[i] = -1
            sizes[i] = 1
            return reused
        }
        keys.append(key)
        priorities.append(priority)
        left.append(-1)
        right.append(-1)
        sizes.append(1)
        return Int32(keys.count - 1)
    }

    /// Splits `node` into keys < `key` and keys >= `key`.
    private mutating func split(_ node: Int32, _ key: Key) -> (Int32, Int32) {
        guard node >= 0 else { return (-1, -1) }
        if keys[Int(node)] < key {
            let (lower, upper) = split(right[Int(node)], key)
            right[Int(node)] = lower
            update(node)
            return (node, upper)
        }
        let (lower, upper) = split(left[Int(node)], key)
        left[Int(node)] = upper
        update(node)
        return (lower, node)
    }

    /// Joins two treaps where every key of `a` is below every key of `b`.
    private mutating func merge(_ a: Int32, _ b: Int32) -> Int32 {
        if a < 0 { return b }
        if b < 0 { return a }
        if priorities[Int(a)] > priorities[Int(b)] {
            right[Int(a)] = merge(right[Int(a)], b)
            update(a)
            return a
        }
        left[Int(b)] = merge(a, left[Int(b)])
        update(b)
        return b
    }

    private mutating func removing(_ key: Key, from node: Int32) -> Int32 {
        guard node >= 0 else { return -1 }
        let k = keys[Int(node)]
        if key == k {
            let replacement = merge(left[Int(node)], right[Int(node)])
            free.append(node)
            return replacement
        }
        if key < k {
            left[Int(node)] = removing(key, from: left[Int(node)])
        } else {
            right[Int(node)] = removing(key, from: right[Int(node)])
        }
        update(node)
        return node
    }
}
