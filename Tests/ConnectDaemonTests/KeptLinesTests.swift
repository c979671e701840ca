import ConnectCore
@testable import ConnectDaemon
import ConnectServices
import ConnectStore
import XCTest

/// Cards imported before connectd read dates, relationships and zones kept those lines as they
/// came; the first start with schema 20 reads them into the fields once, so the next card
/// written still says them.
final class KeptLinesTests: XCTestCase {
    func testKeptLinesAreReadIntoTheirFieldsOnce() throws {
        let d = try TestDaemon()
        let store = d.runtime.keeper.store
        let asa = try store.session { session -> Person in
            try session.insertPerson(Person(name: "Åsa Lindqvist", cadence: nil, addedAt: d.clock.now, cardExtras: [
                "item1.X-ABDATE;type=pref:2015-09-12", "item1.X-ABLabel:_$!<Anniversary>!$_", "TZ:Asia/Tokyo",
                "item2.X-ABRELATEDNAMES:Linnea", "item2.X-ABLabel:_$!<Child>!$_", "item9.ADR:;;Storgatan 1;;;;", "item9.X-ABLabel:Studio",
            ]))
        }
        try store.session { try $0.setMeta("kept_lines_read", "19") }
        _ = try StateKeeper(store: store, settings: d.runtime.settings, now: d.clock.now)
        let read = try XCTUnwrap(try store.read { try $0.person(id: asa.id) })
        XCTAssertEqual(read.dates, [ImportantDate(label: "anniversary", date: YearlyDate(year: 2015, month: 9, day: 12)!)])
        XCTAssertEqual(read.related, [Relation(name: "Linnea", type: "child")])
        XCTAssertEqual(read.timeZone, "Asia/Tokyo")
        XCTAssertEqual(read.cardExtras, ["item9.ADR:;;Storgatan 1;;;;", "item9.X-ABLabel:Studio"], "what is still not read stays, with its label")

        // Once: a line kept after that (by a later import) is not read again at the next start.
        try store.session { session in
            var edited = read
            edited.dates = []
            edited.cardExtras.append("item1.X-ABDATE:2015-09-12")
            try session.updatePerson(edited, previous: read)
        }
        _ = try StateKeeper(store: store, settings: d.runtime.settings, now: d.clock.now)
        XCTAssertEqual(try store.read { try $0.person(id: asa.id) }?.dates, [])
    }
}
