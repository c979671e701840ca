import ConnectCore
import ConnectInterchange
import Foundation
import XCTest

/// Merging two versions of one person: what vdirsyncer's conflicts and the vdir's incoming
/// changes rely on, at fixed instants.
final class CardMergeTests: XCTestCase {
    let added = Date(timeIntervalSince1970: 1_790_000_000)

    /// The card both machines started from: every field as old as the person.
    func base() -> ContactRecord {
        var card = ContactRecord(line: 0, name: "Ada Lovelace")
        card.uid = "3f1c9a52-7a7e-4c77-9a55-0b2cf3b7e001"
        card.note = "prefers tea"
        card.met = "at the meetup"
        card.emails = [ContactPoint(value: "ada@example.org")]
        card.categories = ["math"]
        card.revision = added
        for field in PersonField.allCases { card.fieldRevisions[field] = added }
        return card
    }

    func edited(_ card: ContactRecord, at seconds: Double, _ change: (inout ContactRecord) -> Void, fields: [PersonField]) -> ContactRecord {
        var card = card
        change(&card)
        let at = added.addingTimeInterval(seconds)
        card.revision = at
        for field in fields { card.fieldRevisions[field] = at }
        return card
    }

    func testEditsOfDifferentFieldsOnTwoMachines_bothSurvive_inEitherOrder() {
        let laptop = edited(base(), at: 60, { $0.note = "prefers tea, not coffee" }, fields: [.notes])
        let desktop = edited(base(), at: 120, {
            $0.met = "at Babbage's salon"
            $0.emails.append(ContactPoint(value: "ada@analytical.example"))
        }, fields: [.met, .emails])
        for (a, b) in [(laptop, desktop), (desktop, laptop)] {
            let merged = CardMerge.merge(a, b, policy: .conflict(a, b)).card
            XCTAssertEqual(merged.note, "prefers tea, not coffee", "the laptop's newer notes, though its card is older")
            XCTAssertEqual(merged.met, "at Babbage's salon")
            XCTAssertEqual(merged.emails.map(\.value), ["ada@example.org", "ada@analytical.example"])
            XCTAssertEqual(merged.revision, added.addingTimeInterval(120))
            XCTAssertEqual(merged.fieldRevisions[.notes], added.addingTimeInterval(60))
            XCTAssertEqual(merged.fieldRevisions[.met], added.addingTimeInterval(120))
        }
    }

    func testTheSameFieldOnBoth_theLaterEditWins_listsAreJoined() {
        let laptop = edited(base(), at: 60, {
            $0.note = "first"
            $0.categories = ["math", "friends"]
        }, fields: [.notes, .tags])
        let desktop = edited(base(), at: 30, {
            $0.note = "second"
            $0.categories = ["math", "engines"]
        }, fields: [.notes, .tags])
        let merged = CardMerge.merge(desktop, laptop, policy: .conflict(desktop, laptop)).card
        XCTAssertEqual(merged.note, "first", "the later edit (on the laptop) wins")
        XCTAssertEqual(merged.categories, ["math", "engines", "friends"], "nothing either side added is lost")
    }

    func testACardWithoutFieldRevisions_theNewerCardWinsEachField() {
        var khard = base()
        khard.fieldRevisions = [:]
        khard.note = "edited in khard"
        khard.revision = added.addingTimeInterval(300)
        let merged = CardMerge.merge(base(), khard, policy: .conflict(base(), khard))
        XCTAssertEqual(merged.card.note, "edited in khard")
        XCTAssertEqual(merged.changed, [.notes])
    }

    func testIncoming_listsFollowTheNewerSide_soARemovalTravels_andATieGoesToTheFile() {
        let database = base()
        let file = edited(base(), at: 60, { $0.emails = [] }, fields: [.emails])
        let (merged, changed) = CardMerge.merge(database, file, policy: .incoming)
        XCTAssertEqual(merged.emails, [], "an address removed on the other machine is removed here")
        XCTAssertEqual(changed, [.emails])

        var retouched = base()
        retouched.met = "at the meetup in London"
        let tie = CardMerge.merge(database, retouched, policy: .incoming)
        XCTAssertEqual(tie.card.met, "at the meetup in London", "an edit by a program that keeps the revisions wins a tie")

        let newerHere = edited(base(), at: 90, { $0.met = "changed here meanwhile" }, fields: [.met])
        let stale = CardMerge.merge(newerHere, file, policy: .incoming)
        XCTAssertEqual(stale.card.met, "changed here meanwhile", "a field changed here after the file was written stays")
        XCTAssertEqual(stale.card.emails, [])
    }

    func testTheMirrorFieldsRoundTripThroughAVCard() throws {
        var card = edited(base(), at: 60, { $0.note = "x" }, fields: [.notes])
        card.dueOverride = added.addingTimeInterval(86400)
        card.addedAt = added
        let text = VCardWriter.card(card, product: "-//test//EN")
        var reader = VCardReader(source: MemoryBytes(Array(text.utf8)))
        guard case .contact(let read)? = try reader.next() else { return XCTFail("the card reads back: \(text)") }
        XCTAssertEqual(read.fieldRevisions, card.fieldRevisions)
        XCTAssertEqual(read.dueOverride, card.dueOverride)
        XCTAssertEqual(read.addedAt, card.addedAt)
        XCTAssertEqual(read.revision, card.revision)
        XCTAssertTrue(CardMerge.merge(card, read, policy: .incoming).changed.isEmpty, "nothing is lost on the way")
    }
}

final class CalendarItemTests: XCTestCase {
    func testAJournalAndATodo_roundTrip_escapedAndFolded() throws {
        var journal = CalendarItem(kind: .journal, uid: "interaction-0123456789abcdef", stamp: Date(timeIntervalSince1970: 1_790_000_000))
        journal.start = journal.stamp
        journal.summary = "coffee"
        journal.description = "Café with Zoë; discuss the «Analytical Engine», notes \\ backslash\nsecond line " + String(repeating: "é", count: 60)
        journal.person = "3f1c9a52-7a7e-4c77-9a55-0b2cf3b7e001"
        journal.interactionKind = "coffee"
        let text = journal.text(product: "-//test//EN")
        XCTAssertTrue(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "folded at 75 octets")
        XCTAssertEqual(try CalendarItem.parse(Array(text.utf8)), journal)

        var todo = CalendarItem(kind: .todo, uid: "nudge-0123456789abcdef", stamp: Date(timeIntervalSince1970: 1_790_000_000))
        todo.status = "NEEDS-ACTION"
        todo.machine = "laptop"
        let lf = todo.text(product: "-//test//EN").replacingOccurrences(of: "\r\n", with: "\n")
        XCTAssertEqual(try CalendarItem.parse(Array(lf.utf8)), todo, "a server's LF line ends are read too")
    }

    func testAnItemWithoutUID_isNone() throws {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        XCTAssertNil(try CalendarItem.parse(Array(text.utf8)))
        XCTAssertNil(try CalendarItem.parse(Array("garbage".utf8)))
    }

    func testANudgeIsNamedTheSameOnEveryMachine_toTheSecond() {
        let person = "3f1c9a52-7a7e-4c77-9a55-0b2cf3b7e001"
        let due = Date(timeIntervalSince1970: 1_790_000_000.734)
        XCTAssertEqual(ItemIdentity.nudge(person: person, dueSince: due),
                       ItemIdentity.nudge(person: person, dueSince: Date(timeIntervalSince1970: 1_790_000_000)),
                       "times cross machines in whole seconds")
        XCTAssertNotEqual(ItemIdentity.nudge(person: person, dueSince: due), ItemIdentity.nudge(person: person, dueSince: due.addingTimeInterval(1)))
        XCTAssertTrue(ItemIdentity.nudge(person: person, dueSince: due).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" },
                      "only characters vdirsyncer keeps in file names")
    }
}
