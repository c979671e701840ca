import ConnectCore
import Foundation

/// Merges two versions of one person's card field by field: each field comes from the version
/// that changed it last (`X-CONNECTD-FIELD-REV`, else the card's `REV`). Used for vdirsyncer's
/// conflicts (`connectd merge-vcard`: two machines edited the same person while apart) and for
/// changes that come into the mirror from outside.
public enum CardMerge {
    public struct Policy: Sendable {
        /// Lists (e-mail addresses, phones, links, tags) that differ are joined rather than
        /// taken from the newer side: nothing either machine added is lost.
        public var joinLists: Bool
        /// On a tie (same revision, different values) the second version wins; else the first.
        public var tieGoesToSecond: Bool

        /// Two machines' concurrent edits (vdirsyncer's conflict): join lists, ties to the newer card.
        public static func conflict(_ a: ContactRecord, _ b: ContactRecord) -> Policy {
            Policy(joinLists: true, tieGoesToSecond: (b.revision ?? .distantPast) > (a.revision ?? .distantPast))
        }

        /// A card changed in the vdir (`second`) against what the database holds (`first`):
        /// the file's newer fields win, and so does the file where it was edited by a program
        /// that does not know field revisions (a tie).
        public static let incoming = Policy(joinLists: false, tieGoesToSecond: true)
    }

    /// The merged card, and the fields on which it differs from `a`.
    public static func merge(_ a: ContactRecord, _ b: ContactRecord, policy: Policy) -> (card: ContactRecord, changed: [PersonField]) {
        var merged = a
        var changed: [PersonField] = []
        var revisions: [PersonField: Date] = [:]
        let cardRevision = max(a.revision ?? .distantPast, b.revision ?? .distantPast)
        for field in PersonField.allCases {
            let (revisionA, revisionB) = (a.revision(of: field), b.revision(of: field))
            var revision = max(revisionA, revisionB)
            if !same(field, a, b) {
                if policy.joinLists, isList(field) {
                    join(field, from: b, into: &merged)
                } else if revisionB > revisionA || (revisionB == revisionA && policy.tieGoesToSecond) {
                    take(field, from: b, into: &merged)
                    revision = revisionB
                } else {
                    revision = revisionA
                }
                if !same(field, a, merged) { changed.append(field) }
            }
            if revision != .distantPast { revisions[field] = revision }
        }
        merged.fieldRevisions = revisions
        merged.revision = cardRevision == .distantPast ? nil : cardRevision
        return (merged, changed)
    }

    static func isList(_ field: PersonField) -> Bool {
        switch field {
        case .emails, .phones, .links, .tags, .extras, .dates, .related: true
        default: false
        }
    }

    static func same(_ field: PersonField, _ a: ContactRecord, _ b: ContactRecord) -> Bool {
        switch field {
        case .name: a.name == b.name
        case .emails: a.emails == b.emails
        case .phones: a.phones == b.phones
        case .organization: a.organization == b.organization
        case .title: a.title == b.title
        case .birthday: a.birthday == b.birthday
        case .links: a.urls == b.urls
        case .tags: a.categories == b.categories
        case .notes: a.note == b.note
        case .cadence: a.cadence == b.cadence
        case .met: a.met == b.met
        case .into: a.interests == b.interests
        case .ignored: a.ignored == b.ignored
        case .due: a.dueOverride == b.dueOverride
        case .extras: a.extraLines == b.extraLines
        case .dates: a.dates == b.dates
        case .related: a.related == b.related
        case .timeZone: a.timeZone == b.timeZone
        case .feed: a.feed == b.feed
        }
    }

    static func take(_ field: PersonField, from source: ContactRecord, into card: inout ContactRecord) {
        switch field {
        case .name: card.name = source.name
        case .emails: card.emails = source.emails
        case .phones: card.phones = source.phones
        case .organization: card.organization = source.organization
        case .title: card.title = source.title
        case .birthday: card.birthday = source.birthday
        case .links: card.urls = source.urls
        case .tags: card.categories = source.categories
        case .notes: card.note = source.note
        case .cadence: card.cadence = source.cadence
        case .met: card.met = source.met
        case .into: card.interests = source.interests
        case .ignored: card.ignored = source.ignored
        case .due: card.dueOverride = source.dueOverride
        case .extras: card.extraLines = source.extraLines
        case .dates: card.dates = source.dates
        case .related: card.related = source.related
        case .timeZone: card.timeZone = source.timeZone
        case .feed: card.feed = source.feed
        }
    }

    /// Adds what `source` has and `card` lacks, after what `card` has (addresses without case).
    static func join(_ field: PersonField, from source: ContactRecord, into card: inout ContactRecord) {
        switch field {
        case .emails: card.emails += source.emails.filter { new in !card.emails.contains { $0.emailKey == new.emailKey } }
        case .phones: card.phones += source.phones.filter { new in !card.phones.contains { $0.value == new.value } }
        case .links: card.urls += source.urls.filter { !card.urls.contains($0) }
        case .tags: card.categories += source.categories.filter { new in !card.categories.contains { $0.lowercased() == new.lowercased() } }
        case .extras:
            let known = Set(card.extraLines)
            card.extraLines += source.extraLines.filter { !known.contains($0) }
        case .dates: card.dates += source.dates.filter { !card.dates.contains($0) }
        case .related: card.related += source.related.filter { !card.related.contains($0) }
        default: take(field, from: source, into: &card)
        }
    }
}

extension CardMerge {
    /// Why two card files cannot be merged; nothing is written then.
    public enum FileRefusal: Error, CustomStringConvertible {
        case notACard(String)
        case severalCards(String, Int)
        case withoutUID
        case differentPeople(String, String)

        public var description: String {
            switch self {
            case .notACard(let which): "\(which) is not a vCard connectd can read"
            case .severalCards(let which, let count): "\(which) holds \(count) cards; a conflict is one card on each side"
            case .withoutUID: "neither card has a UID, so nothing says they are the same person"
            case .differentPeople(let a, let b): "they are different people (UID \(a.prefix(80)) and \(b.prefix(80)))"
            }
        }
    }

    /// vdirsyncer's conflict of one card changed on two machines: both files' bytes in, the
    /// merged card out (each field from the side that changed it last, lists and the properties
    /// connectd does not use joined). Refused rather than guessed: more than one card in a file,
    /// cards without UIDs, two different UIDs.
    public static func mergeFiles(_ a: [UInt8], _ b: [UInt8], names: (String, String), product: String) throws(FileRefusal) -> String {
        // A group (connectd's marker that keeps the address book from being empty, or anyone's)
        // is no person to merge: two versions of one group keep side a's as it is.
        if let group = groupUID(a), group == groupUID(b) { return String(decoding: a, as: UTF8.self) }
        let first = try onlyCard(a, names.0)
        let second = try onlyCard(b, names.1)
        guard first.uid != nil || second.uid != nil else { throw .withoutUID }
        guard first.uid == second.uid else { throw .differentPeople(first.uid ?? "none", second.uid ?? "none") }
        return VCardWriter.card(merge(first, second, policy: .conflict(first, second)).card, product: product)
    }

    /// The UID of a file that is one KIND:group card; nil for anything else.
    static func groupUID(_ bytes: [UInt8]) -> String? {
        var lines = VCardLineReader(source: MemoryBytes(bytes), lineLimit: 64 << 10)
        var uid: String?, group = false, cards = 0
        while let line = try? lines.next() {
            guard let content = VCardContentLine(line.bytes) else { continue }
            let value = String(decoding: content.rawValue, as: UTF8.self).trimmingSpaces
            switch content.name {
            case "BEGIN": cards += 1
            case "KIND": group = group || value.lowercased() == "group"
            case "UID": uid = value
            default: break
            }
        }
        return cards == 1 && group ? uid : nil
    }

    private static func onlyCard(_ bytes: [UInt8], _ name: String) throws(FileRefusal) -> ContactRecord {
        var reader = VCardReader(source: MemoryBytes(bytes))
        var cards: [ContactRecord] = []
        var items = 0
        while let item = try? reader.next() {
            items += 1
            if case .contact(let card) = item { cards.append(card) }
            if items > 16 { break }
        }
        guard let card = cards.first else { throw .notACard(name) }
        guard cards.count == 1 else { throw .severalCards(name, cards.count) }
        return card
    }
}