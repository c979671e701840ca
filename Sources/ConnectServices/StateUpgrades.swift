import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// What a newer connectd does once to state an older one wrote, at the first start, each
/// remembered in `meta` so that it runs once per database.
enum StateUpgrades {
    static let keptLinesKey = "kept_lines_read"
    static let keptLinesVersion = "20"
    static let keptLineNames = ["ANNIVERSARY", "X-ABDATE", "RELATED", "X-ABRELATEDNAMES", "TZ"]

    /// Card lines that connectd kept as they came before it read them (ANNIVERSARY, Apple's and
    /// Google's X-ABDATE and X-ABRELATEDNAMES, RELATED, TZ: until schema 20) are read into their
    /// fields, with the reader that reads a card, so that what an address book said is not lost
    /// now that the writer writes those fields instead of the kept lines. The people changed.
    static func readKeptLines(in ws: Workspace) throws -> Int {
        guard try ws.session.meta(keptLinesKey) != keptLinesVersion else { return 0 }
        var changed = 0
        for before in try ws.session.peopleWithKeptLines(containing: keptLineNames) {
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
        try ws.session.setMeta(keptLinesKey, keptLinesVersion)
        return changed
    }

    /// Addresses with an internationalized domain, stored before `EmailAddress.key` folded
    /// Punycode, are stored again in the form lookups use now; once per database.
    static func reindexAddressesOnce(in ws: Workspace) throws {
        guard try ws.session.meta("email_keys") != "idn" else { return }
        for person in try ws.session.peopleWithInternationalAddresses() { try ws.session.reindexEmails(of: person) }
        try ws.session.setMeta("email_keys", "idn")
    }
}
