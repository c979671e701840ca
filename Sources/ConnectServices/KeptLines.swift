import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Card lines that connectd kept as they came before it read them (ANNIVERSARY, Apple's and
/// Google's X-ABDATE and X-ABRELATEDNAMES, RELATED, TZ: until schema 20) are read into their
/// fields once, with the reader that reads a card, so that what an address book said is not
/// lost now that the writer writes those fields instead of the kept lines.
enum KeptLines {
    static let metaKey = "kept_lines_read"
    static let version = "20"
    static let names = ["ANNIVERSARY", "X-ABDATE", "RELATED", "X-ABRELATEDNAMES", "TZ"]

    /// Reads the lines of everyone who has some, once per database; the number of people changed.
    static func readOnce(in ws: Workspace) throws -> Int {
        guard try ws.session.meta(metaKey) != version else { return 0 }
        var changed = 0
        for before in try ws.session.peopleWithKeptLines(containing: names) {
            var text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\n"
            for line in before.cardExtras { text += line + "\r\n" }
            var reader = VCardReader(source: MemoryBytes(Array((text + "END:VCARD\r\n").utf8)))
            guard case .contact(let card)? = try reader.next(),
                  let fields = try? ImportSession(ws: ws, options: Importing.Options()).fields(card) else { continue }
            var person = before
            person.dates = Array((before.dates + fields.dates.filter { !before.dates.contains($0) }).prefix(Person.maxListEntries))
            person.related = Array((before.related + fields.related.filter { !before.related.contains($0) }).prefix(Person.maxListEntries))
            person.timeZone = before.timeZone ?? fields.timeZone
            person.cardExtras = CardExtras.sanitized(before.cardExtras)
            guard person != before else { continue }
            try ws.session.updatePerson(person, previous: before)
            changed += 1
        }
        try ws.session.setMeta(metaKey, version)
        return changed
    }
}
