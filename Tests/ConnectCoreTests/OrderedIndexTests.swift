import ConnectCore
import XCTest

/// The treap against a plain sorted array, over random operations.
final class OrderedIndexTests: XCTestCase {
    func testRandomOperationsAgreeWithASortedArray() {
        var index = OrderedIndex<Int>()
        var reference: [Int] = []
        var random = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let key = Int.random(in: 0..<3000, using: &random)
            switch step % 5 {
            case 0, 1, 2:
                let inserted = index.insert(key)
                XCTAssertEqual(inserted, !reference.contains(key))
                if inserted { reference.insert(key, at: reference.firstIndex { $0 > key } ?? reference.count) }
            default:
                let removed = index.remove(key)
                XCTAssertEqual(removed, reference.contains(key))
                reference.removeAll { $0 == key }
            }
            if step % 997 == 0 {
                XCTAssertEqual(index.sorted, reference)
                XCTAssertEqual(index.first, reference.first)
            }
            let probe = Int.random(in: -10..<3010, using: &random)
            XCTAssertEqual(index.rank(of: probe), reference.filter { $0 < probe }.count)
            XCTAssertEqual(index.count, reference.count)
        }
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
