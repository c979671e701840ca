import ConnectCore
import ConnectStore
import Foundation

/// Two records of one person become one (an address book imported twice, a name typed in two
/// ways): nothing of either is lost. `into` keeps its id, name and UID; every interaction,
/// follow-up and nudge of `from` moves to it; lists are joined and fields `into` lacks are filled
/// from `from`. `from` itself goes to the trash as it was, so a wrong merge can be looked at again.
public enum Merging {
    public struct Merged: Sendable {
        public let person: PersonView
        /// Interactions that moved from the other record.
        public let interactions: Int
        /// The fields of `into` that changed.
        public let changed: [String]
    }

    public static func merge(into: Person, from: Person, in ws: Workspace) throws -> Merged {
        guard into.id != from.id else { throw ServiceError.mergeWithItself(name: into.name, id: into.id) }
        try Trash.keep(from, interactions: try ws.session.interactionCount(personID: from.id), in: ws)
        // A person has one open nudge at most: the other record's closes (its history moves); the
        // schedule of the one person then says when they are due.
        _ = try ws.session.closeOpenNudges(personID: from.id, status: .expired, at: ws.now)
        let moved = try ws.session.moveRecords(of: from, to: into)
        let (merged, changed) = joined(into, from)
        var final = merged
        if !changed.isEmpty {
            final.revisedAt = ws.now
            try ws.session.updatePerson(final, previous: into)
        }
        try ws.session.deletePerson(from)
        return Merged(person: ws.view(final, last: try ws.session.lastContact(personID: into.id)), interactions: moved, changed: changed)
    }

    /// `into` with what `from` adds: lists joined (within their bounds), empty fields filled,
    /// texts both have joined when they differ; and the names of the fields that changed.
    static func joined(_ into: Person, _ from: Person) -> (Person, [String]) {
        var person = into
        var changed: [String] = []
        func set<T: Equatable>(_ field: WritableKeyPath<Person, T>, _ value: T, _ name: String) {
            guard person[keyPath: field] != value else { return }
            person[keyPath: field] = value
            changed.append(name)
        }
        func union<T>(_ mine: [T], _ theirs: [T], key: (T) -> String) -> [T] {
            var seen = Set(mine.map(key))
            return Array((mine + theirs.filter { seen.insert(key($0)).inserted }).prefix(Person.maxListEntries))
        }
        func text(_ mine: String?, _ theirs: String?, limit: Int, separator: String) -> String? {
            guard let theirs, !theirs.isEmpty else { return mine }
            guard let mine, !mine.isEmpty else { return theirs }
            if mine == theirs || mine.contains(theirs) { return mine }
            let both = mine + separator + theirs
            return both.count <= limit ? both : mine
        }
        set(\.emails, union(into.emails, from.emails) { $0.emailKey }, "emails")
        set(\.phones, union(into.phones, from.phones) { $0.value }, "phones")
        set(\.links, union(into.links, from.links) { $0 }, "links")
        set(\.tags, union(into.tags, from.tags) { $0 }, "tags")
        set(\.cardExtras, union(into.cardExtras, from.cardExtras) { $0 }, "other card properties")
        set(\.dates, union(into.dates, from.dates) { $0.label + "\u{0}" + $0.date.description }, "dates")
        // A relationship between the two would now be one to themselves: left out.
        set(\.related, union(into.related, from.related) { NameKey.fold($0.name) + "\u{0}" + $0.type }.filter { $0.uid != into.uid && $0.uid != from.uid || $0.uid == nil },
            "relationships")
        var notes = from.notes
        // A name the other record had, unless it was only this one's with a number ("Ada (2)").
        if NameKey.fold(from.name) != NameKey.fold(into.name), !NameKey.fold(from.name).hasPrefix(NameKey.fold(into.name) + " ") {
            notes = text("Also known as " + from.name, notes, limit: TextRules.Field.notes.limit, separator: "\n")
        }
        set(\.notes, text(into.notes, notes, limit: TextRules.Field.notes.limit, separator: "\n\n"), "notes")
        set(\.met, text(into.met, from.met, limit: TextRules.Field.met.limit, separator: "; "), "met")
        set(\.interests, text(into.interests, from.interests, limit: TextRules.Field.into.limit, separator: ", "), "into")
        set(\.cadence, into.cadence ?? from.cadence, "cadence")
        set(\.organization, into.organization ?? from.organization, "organization")
        set(\.title, into.title ?? from.title, "title")
        set(\.birthday, into.birthday ?? from.birthday, "birthday")
        set(\.news, into.news ?? from.news, "news")
        set(\.found, into.found ?? from.found, "found")
        set(\.timeZone, into.timeZone ?? from.timeZone, "time zone")
        set(\.feed, into.feed ?? from.feed, "feed")
        set(\.addedAt, min(into.addedAt, from.addedAt), "added")
        // Kept in touch when either record was; still to meet only when both were.
        set(\.ignored, into.ignored && from.ignored, "ignored")
        set(\.wantToMeet, into.wantToMeet && from.wantToMeet, "want to meet")
        return (person, changed)
    }
}
