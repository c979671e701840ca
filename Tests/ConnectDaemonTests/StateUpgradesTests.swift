import ConnectCore
@testable import ConnectDaemon
import ConnectServices
@testable import ConnectStore
import XCTest

/// What the first start of this version does once to older state: card lines kept aside are
/// read into their fields (so the next card written still says them), and addresses with an
/// internationalized domain are stored again in the form lookups use.
final class StateUpgradesTests: XCTestCase {
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

    func testAddressesWithAnInternationalDomain_areFoundInEitherForm() throws {
        let d = try TestDaemon()
        let store = d.runtime.keeper.store
        let jurgen = try store.session { session -> Person in
            try session.insertPerson(Person(name: "Jürgen Müller", cadence: nil, addedAt: d.clock.now,
                                            emails: [ContactPoint(value: "Juergen@XN--BCHER-KVA.example")]))
        }
        // As an older connectd stored it: lower-cased only.
        try store.session { session in
            try session.change("UPDATE person_email SET email = 'juergen@xn--bcher-kva.example' WHERE person_id = ?", [.integer(jurgen.id)])
            try session.setMeta("email_keys", "")
        }
        XCTAssertEqual(try store.read { try $0.personIDs(email: "juergen@bücher.example") }, [], "not found before the upgrade")
        _ = try StateKeeper(store: store, settings: d.runtime.settings, now: d.clock.now)
        for form in ["juergen@bücher.example", "JUERGEN@xn--bcher-kva.example", "juergen@bu\u{0308}cher.example"] {
            XCTAssertEqual(try store.read { try $0.personIDs(email: form) }, [jurgen.id], form)
        }
        XCTAssertEqual(EmailAddress.key(" Ada@Example.ORG "), "ada@example.org")
        XCTAssertEqual(EmailAddress.key("a@xn--mnchen-3ya.de"), "a@münchen.de")
        XCTAssertEqual(EmailAddress.key("a@xn--zz9999999999999999999999999.example"), "a@xn--zz9999999999999999999999999.example",
                       "a label that overflows stays as written")
        XCTAssertEqual(EmailAddress.key("no-at-sign"), "no-at-sign")
    }
}
