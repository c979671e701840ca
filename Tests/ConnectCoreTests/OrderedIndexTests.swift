import ConnectCore
import XCTest

/// The treap against a plain sorted array, over random operations.
final class OrderedIndexTests: XCTestCase {
    func testRandomOperationsAgreeWithASortedArray() {
        var index = OrderedIndex<Int>()
        var reference: [Int] = []
        /// The reference's own answers by binary search: a linear scan per step made this test
        /// spend its time in the reference, not in the index.
        func position(_ key: Int) -> Int {
            var low = 0, high = reference.count
            while low < high {
                let middle = (low + high) / 2
                if reference[middle] < key { low = middle + 1 } else { high = middle }
            }
            return low
        }
        func holds(_ key: Int) -> Bool { position(key) < reference.count && reference[position(key)] == key }
        var random = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let key = Int.random(in: 0..<3000, using: &random)
            switch step % 5 {
            case 0, 1, 2:
                let inserted = index.insert(key)
                XCTAssertEqual(inserted, !holds(key))
                if inserted { reference.insert(key, at: position(key)) }
            default:
                let removed = index.remove(key)
                XCTAssertEqual(removed, holds(key))
                if removed { reference.remove(at: position(key)) }
            }
            if step % 997 == 0 {
                XCTAssertEqual(index.sorted, reference)
                XCTAssertEqual(index.first, reference.first)
            }
            let probe = Int.random(in: -10..<3010, using: &random)
            XCTAssertEqual(index.rank(of: probe), position(probe))
            XCTAssertEqual(index.count, reference.count)
        }
        XCTAssertEqual(index.sorted, reference)
    }

    func testForEachStopsEarly() {
        var index = OrderedIndex<Int>()
        for key in (0..<100).shuffled() { index.insert(key) }
        var seen: [Int] = []
        index.forEach { key in
            seen.append(key)
            return key < 9
        }
        XCTAssertEqual(seen, Array(0...9))
    }

    /// A walk from a key starts at the first key not below it, whatever the tree's shape.
    func testForEachFromAKey_agreesWithTheSortedKeys() {
        var index = OrderedIndex<Int>()
        let keys = (0..<500).map { $0 * 3 }
        for key in keys.shuffled() { index.insert(key) }
        for start in [-5, 0, 1, 2, 3, 700, 1497, 1498, 2000] {
            var seen: [Int] = []
            index.forEach(from: start) { key in
                seen.append(key)
                return seen.count < 5
            }
            XCTAssertEqual(seen, Array(keys.filter { $0 >= start }.prefix(5)), "from \(start)")
        }
    }

    func testHundredThousandKeysStayShallowEnoughToRecurse() {
        var index = OrderedIndex<Int>()
        for key in 0..<100_000 { index.insert(key) } // ascending: the worst case for an unbalanced tree
        XCTAssertEqual(index.count, 100_000)
        XCTAssertEqual(index.rank(of: 50_000), 50_000)
        for key in stride(from: 0, to: 100_000, by: 2) { index.remove(key) }
        XCTAssertEqual(index.count, 50_000)
        XCTAssertEqual(index.first, 1)
    }
}
