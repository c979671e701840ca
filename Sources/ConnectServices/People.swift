import ConnectCore
import ConnectStore
import Foundation

/// Adding, changing, removing and looking up people.
public enum People {
    /// Someone new, with validated fields.
    public struct NewPerson: Sendable {
        public var name: String
        public var cadence: Cadence?
        public var met: String?
        public var interests: String?
        public var notes: String?
        public var tags: [String] = []
        public var links: [String] = []
        /// Due at once instead of one cadence after today.
        public var dueNow = false

        public init(name: String) { self.name = name }
    }

    /// The changes asked for; nil leaves a field as it is.
    public struct Changes: Sendable {
        public var name: String?
        public var cadence: Cadence?
        /// `.some(nil)` clears the field.
        public var met: String??
        public var interests: String??
        public var notes: String??
        public var addTags: [String] = []
        public var removeTags: [String] = []
        public var links: [String]?

        public init() {}
    }

    public static func add(_ new: NewPerson, in ws: Workspace) throws -> PersonView {
        if let existing = try ws.session.personID(exactName: new.name) {
            throw ServiceError.personExists(name: new.name, id: existing)
        }
        let person = try ws.session.insertPerson(Person(
            name: new.name, cadence: new.cadence ?? ws.settings.defaultCadence, met: new.met, interests: new.interests,
            notes: new.notes, tags: new.tags, links: new.links, addedAt: ws.now, dueOverride: new.dueNow ? ws.now : nil))
        ws.live.setEntry(ScheduleEntry(personID: person.id, cadence: person.cadence, addedAt: person.addedAt,
                                       dueOverride: person.dueOverride, scheduledAt: ws.now))
        return ws.view(person, last: nil)
    }

    public static func edit(_ query: String, _ changes: Changes, in ws: Workspace) throws -> EditedPerson {
        let before = try ws.session.findPerson(query)
        var person = before
        var changed: [String] = []
        if let name = changes.name, name != person.name {
            if let other = try ws.session.personID(exactName: name), other != person.id {
                throw ServiceError.personExists(name: name, id: other)
            }
            person.name = name
            changed.append("name")
        }
        if let cadence = changes.cadence, cadence != person.cadence {
            person.cadence = cadence
            changed.append("cadence")
        }
        if let met = changes.met, met != person.met { person.met = met; changed.append("met") }
        if let interests = changes.interests, interests != person.interests { person.interests = interests; changed.append("into") }
        if let notes = changes.notes, notes != person.notes { person.notes = notes; changed.append("notes") }
        if let links = changes.links, links != person.links { person.links = links; changed.append("links") }
        let removed = Set(changes.removeTags)
        var tags = person.tags.filter { !removed.contains($0) }
        for tag in changes.addTags where !tags.contains(tag) { tags.append(tag) }
        if tags != person.tags { person.tags = tags; changed.append("tags") }
        let last = try ws.session.lastContact(personID: person.id)
        guard !changed.isEmpty else { return EditedPerson(person: ws.view(person, last: last), changedFields: []) }
        try ws.session.updatePerson(person, nameChanged: person.name != before.name)
        if person.cadence != before.cadence, var entry = ws.live.schedule[person.id] {
            entry.cadence = person.cadence
            entry.scheduledAt = ws.now
            ws.live.setEntry(entry)
        }
        return EditedPerson(person: ws.view(person, last: last), changedFields: changed)
    }

    /// Removes a person with their interactions and nudges; returns them as they were.
    public static func remove(_ query: String, in ws: Workspace) throws -> PersonView {
        let person = try ws.session.findPerson(query)
        let last = try ws.session.lastContact(personID: person.id)
        let view = ws.view(person, last: last)
        let interactions = try ws.session.interactionCount(personID: person.id)
        try ws.session.deletePerson(id: person.id)
        ws.live.removeEntry(person.id)
        ws.live.addInteractions(-interactions)
        return view
    }

    public static func show(_ query: String, limit: Int, in ws: Workspace) throws -> (person: PersonView, interactions: [Interaction]) {
        let person = try ws.session.findPerson(query)
        let recent = try ws.session.interactions(personID: person.id, limit: limit)
        let last = recent.first.map { LastContact(at: $0.at, kind: $0.kind, note: $0.note) }
        return (ws.view(person, last: last), recent)
    }

    /// Everyone by name, or only those with `tag`.
    public static func list(tag: String?, in ws: Workspace) throws -> [PersonView] {
        try ws.session.listPeople(tag: tag).map { ws.view($0.person, last: $0.last) }
    }

    /// Who is due now, most overdue first: O(k) for k people due, in a constant number of statements.
    public static func due(in ws: Workspace) throws -> [PersonView] {
        let entries = ws.live.schedule.due(at: ws.now)
        let ids = entries.map(\.personID)
        let people = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: ids).map { ($0.id, $0) })
        let last = try ws.session.lastContacts(personIDs: ids)
        return ids.compactMap { id in people[id].map { ws.view($0, last: last[id]) } }
    }
}
