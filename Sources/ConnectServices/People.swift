import ConnectCore
import ConnectTime
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
        public var emails: [ContactPoint] = []
        public var phones: [ContactPoint] = []
        public var organization: String?
        public var title: String?
        public var birthday: YearlyDate?
        /// Due at once instead of one cadence after today.
        public var dueNow = false
        /// Not contacted yet: a first-contact nudge, and the cadence from the first interaction on.
        public var wantToMeet = false
        public var found: String?
        public var dates: [ImportantDate] = []
        /// Names that are someone's in connectd (exactly, case and accents aside) link the two.
        public var related: [Relation] = []
        public var timeZone: String?
        public var feed: String?

        public init(name: String) { self.name = name }
    }

    /// The changes asked for; nil leaves a field as it is.
    public struct Changes: Sendable {
        public var name: String?
        public var cadence: Cadence?
        /// Drop their own cadence: follow their circle's.
        public var followCircle = false
        /// `.some(nil)` clears the field.
        public var met: String??
        public var interests: String??
        public var notes: String??
        public var addTags: [String] = []
        public var removeTags: [String] = []
        public var links: [String]?
        /// Replace every address (or number) with these.
        public var emails: [ContactPoint]?
        public var phones: [ContactPoint]?
        /// Add or remove single ones (after a replacement, if both are given).
        public var addEmails: [ContactPoint] = []
        public var removeEmails: [String] = []
        public var addPhones: [ContactPoint] = []
        public var removePhones: [String] = []
        public var organization: String??
        public var title: String??
        public var birthday: YearlyDate??
        public var ignored: Bool?
        public var due: DueChange?
        /// Someone not met yet (a first-contact nudge), or no longer.
        public var wantToMeet: Bool?
        public var found: String??
        /// Each replaces a date with the same label, or is added.
        public var setDates: [ImportantDate] = []
        /// Labels whose dates go.
        public var removeDates: [String] = []
        /// Added (one with the same name and type is there already: nothing changes).
        public var addRelated: [Relation] = []
        /// Names whose relationships go (all of that name's types).
        public var removeRelated: [String] = []
        /// `.some(nil)` clears it.
        public var timeZone: String??
        /// `.some(nil)` clears it.
        public var feed: String??

        public init() {}
    }

    /// `edit --due`: due at once, or back on the cadence (a snooze or skip undone).
    public enum DueChange: Sendable {
        case now, cadence
    }

    public static func add(_ new: NewPerson, in ws: Workspace) throws -> PersonView {
        if let existing = try ws.session.personID(exactName: new.name) {
            throw ServiceError.personExists(name: new.name, id: existing)
        }
        // Without a cadence given, a circle of one of their tags gives one; else the default.
        let cadence = try new.cadence ?? (Circles.anyCircle(new.tags, in: ws) ? nil : ws.settings.defaultCadence)
        let person = try ws.session.insertPerson(Person(
            name: new.name, cadence: cadence, met: new.met, interests: new.interests,
            notes: new.notes, tags: new.tags, links: new.links, addedAt: ws.now, dueOverride: new.dueNow ? ws.now : nil,
            uid: Person.newUID(), emails: new.emails, phones: new.phones, organization: new.organization, title: new.title,
            birthday: new.birthday, revisedAt: ws.now, wantToMeet: new.wantToMeet, found: new.found,
            dates: try Person.normalizedDates(new.dates), related: try linked(new.related, of: new.name, uid: nil, in: ws), timeZone: new.timeZone,
            feed: new.feed))
        try Detecting.readBack(person.emails.map(\.value), in: ws)
        return ws.view(person, last: try ws.session.lastContact(personID: person.id))
    }

    /// Relationships as given, each linked to the person in connectd whose name it is (exactly,
    /// case and accents aside) and named as they are; one to `name` itself is refused.
    static func linked(_ given: [Relation], of name: String, uid: String?, in ws: Workspace) throws -> [Relation] {
        var related: [Relation] = []
        for relation in given {
            guard NameKey.fold(relation.name) != NameKey.fold(name) else { throw CoreError.relatedToSelf(relation.name) }
            var linked = relation
            if let id = try ws.session.personID(foldedName: relation.name), let other = try ws.session.person(id: id) {
                guard other.uid != uid else { throw CoreError.relatedToSelf(relation.name) }
                linked.name = other.name
                linked.uid = other.uid
            }
            related.append(linked)
        }
        return try Person.normalizedRelations(related)
    }

    public static func edit(_ before: Person, _ changes: Changes, in ws: Workspace) throws -> EditedPerson {
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
        // A value given again keeps the kinds and label it had (from an address book).
        if let given = changes.emails {
            let emails = given.map { new in person.emails.first { $0.emailKey == new.emailKey } ?? new }
            if emails != person.emails { person.emails = emails; changed.append("emails") }
        }
        if let given = changes.phones {
            let phones = given.map { new in person.phones.first { $0.value == new.value } ?? new }
            if phones != person.phones { person.phones = phones; changed.append("phones") }
        }
        // What a replacement dropped, for the reply to say (a replacement is easy to mistake for an addition).
        let dropped = before.emails.filter { old in !person.emails.contains { $0.emailKey == old.emailKey } }.map(\.value)
            + before.phones.filter { old in !person.phones.contains { $0.value == old.value } }.map(\.value)
        let emails = try adjusted(person.emails, adding: changes.addEmails, removing: changes.removeEmails, key: \.emailKey,
                                  what: "e-mail address", of: person)
        if emails != person.emails { person.emails = emails; if !changed.contains("emails") { changed.append("emails") } }
        let phones = try adjusted(person.phones, adding: changes.addPhones, removing: changes.removePhones, key: \.value,
                                  what: "phone number", of: person)
        if phones != person.phones { person.phones = phones; if !changed.contains("phones") { changed.append("phones") } }
        if let organization = changes.organization, organization != person.organization { person.organization = organization; changed.append("organization") }
        if let title = changes.title, title != person.title { person.title = title; changed.append("title") }
        if let birthday = changes.birthday, birthday != person.birthday { person.birthday = birthday; changed.append("birthday") }
        if let ignored = changes.ignored, ignored != person.ignored { person.ignored = ignored; changed.append("ignored") }
        if let found = changes.found, found != person.found { person.found = found; changed.append("found") }
        var dates = person.dates.filter { date in !changes.removeDates.contains { $0.lowercased() == date.label.lowercased() } }
        for date in changes.setDates {
            if let index = dates.firstIndex(where: { $0.label.lowercased() == date.label.lowercased() }) { dates[index] = date } else { dates.append(date) }
        }
        if dates != person.dates { person.dates = try Person.normalizedDates(dates); changed.append("dates") }
        let removedNames = Set(changes.removeRelated.map(NameKey.fold))
        let related = try Person.normalizedRelations(person.related.filter { !removedNames.contains(NameKey.fold($0.name)) }
            + linked(changes.addRelated, of: person.name, uid: person.uid, in: ws))
        if related != person.related { person.related = related; changed.append("relationships") }
        if let zone = changes.timeZone, zone != person.timeZone { person.timeZone = zone; changed.append("time zone") }
        if let feed = changes.feed, feed != person.feed { person.feed = feed; changed.append("feed") }
        switch changes.due {
        case .now?: person.dueOverride = ws.now; changed.append("due")
        case .cadence? where person.dueOverride != nil: person.dueOverride = nil; changed.append("due")
        case .cadence?, nil: break
        }
        let removed = Set(changes.removeTags)
        var tags = person.tags.filter { !removed.contains($0) }
        for tag in changes.addTags where !tags.contains(tag) { tags.append(tag) }
        if tags != person.tags { person.tags = tags; changed.append("tags") }
        if changes.followCircle {
            guard try Circles.anyCircle(person.tags, in: ws) else { throw ServiceError.notInCircle(name: person.name, id: person.id) }
            if person.cadence != nil { person.cadence = nil; changed.append("cadence") }
        }
        let last = try ws.session.lastContact(personID: person.id)
        if let wantToMeet = changes.wantToMeet, wantToMeet != person.wantToMeet {
            if wantToMeet, let last {
                throw ServiceError.metAlready(name: person.name, id: person.id, lastContact: last.at)
            }
            person.wantToMeet = wantToMeet
            changed.append("want to meet")
        }
        guard !changed.isEmpty else { return EditedPerson(person: ws.view(person, last: last), changedFields: [], dropped: []) }
        person.revisedAt = ws.now
        // Only a first cadence is spread: someone ignored, to meet or in a circle keeps the due date they had.
        if before.cadence == nil, ws.live.circle(of: person.id) == nil, let cadence = person.scheduledCadence, last == nil, person.dueOverride == nil {
            var planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules)
            person.dueOverride = spreadStart(cadence, for: person, planner: &planner, now: ws.now)
        }
        try ws.session.updatePerson(person, previous: before)
        try expireOpenNudgeIfNotDue(person.id, in: ws)
        // A new address: what was sent to it while nobody had it is theirs; one taken away takes its open proposals with it.
        try Detecting.readBack(person.emails.filter { new in !before.emails.contains { $0.emailKey == new.emailKey } }.map(\.value), in: ws)
        for gone in before.emails where !person.emails.contains(where: { $0.emailKey == gone.emailKey }) {
            try ws.session.dismissOpenProposals(personID: person.id, address: EmailAddress.key(gone.value))
        }
        return EditedPerson(person: ws.view(person, last: last), changedFields: changed,
                            dropped: dropped.filter { value in !person.emails.contains { $0.value == value } && !person.phones.contains { $0.value == value } })
    }

    /// `list` with `adding` appended (those not there yet) and `removing` taken out; a value to
    /// remove that is not there is refused, saying what there is.
    static func adjusted(_ list: [ContactPoint], adding: [ContactPoint], removing: [String], key: (ContactPoint) -> String,
                         what: String, of person: Person) throws -> [ContactPoint] {
        var result = list
        for value in removing {
            let wanted = key(ContactPoint(value: value))
            guard let index = result.firstIndex(where: { key($0) == wanted }) else {
                throw ServiceError.noSuchContactPoint(name: person.name, what: what, value: value, present: list.map(\.value))
            }
            result.remove(at: index)
        }
        for point in adding where !result.contains(where: { key($0) == key(point) }) { result.append(point) }
        guard result.count <= Person.maxListEntries else { throw CoreError.tooMany(field: what.hasSuffix("s") ? what + "es" : what + "s", limit: Person.maxListEntries) }
        return result
    }

    /// A nudge left open for someone an edit made not due any more (a longer cadence, a later
    /// date, ignored) is closed as expired, so that `nudges` and `due` agree.
    static func expireOpenNudgeIfNotDue(_ id: Int64, in ws: Workspace) throws {
        guard let entry = ws.live.schedule[id], entry.openNudgeSince != nil, !entry.wantToMeet else { return }
        if let due = entry.dueAt(calendar: ws.calendar), due <= ws.now { return }
        _ = try ws.session.closeOpenNudges(personID: id, status: .expired, at: ws.now)
    }

    /// The first due instant of someone who starts with `cadence` now and has never been in
    /// touch: spread over one cadence (short cadences, under two days, simply run from now).
    static func spreadStart(_ cadence: Cadence, for person: Person, planner: inout SpreadPlanner, now: Date) -> Date? {
        guard cadence.nominalSeconds >= 2 * 86400 else { return nil }
        return planner.place(cadence: cadence, key: SpreadPlanner.key(name: person.name))
    }

    /// Gives everyone with `tag` the cadence (an edit by tag); those who had none start spread
    /// over it. Returns how many changed.
    public static func setCadence(_ cadence: Cadence, tag: String, in ws: Workspace) throws -> Int {
        var planner: SpreadPlanner?
        var count = 0
        for (before, last) in try ws.session.listPeople(tag: tag) where before.cadence != cadence {
            var person = before
            person.cadence = cadence
            person.revisedAt = ws.now
            if before.cadence == nil, !person.ignored, last == nil, person.dueOverride == nil, ws.live.circle(of: person.id) == nil {
                if planner == nil { planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules) }
                person.dueOverride = spreadStart(cadence, for: person, planner: &planner!, now: ws.now)
            }
            try ws.session.updatePerson(person, previous: before)
            count += 1
        }
        return count
    }

    /// People waiting for a cadence (imported, not ignored), oldest first, and how many there are.
    public static func untriaged(limit: Int, in ws: Workspace) throws -> (people: [PersonView], total: Int) {
        let (people, total) = try ws.session.untriagedPeople(limit: limit)
        return (people.map { ws.view($0, last: nil) }, total)
    }

    /// Removes a person with their interactions and nudges (into the trash for 30 days); returns
    /// them as they were.
    public static func remove(_ person: Person, in ws: Workspace) throws -> PersonView {
        let last = try ws.session.lastContact(personID: person.id)
        let view = ws.view(person, last: last)
        let interactions = try ws.session.interactionCount(personID: person.id)
        try Trash.keep(person, interactions: interactions, in: ws)
        try delete(person, in: ws)
        return view
    }

    /// Deletes a person for good, without the trash (an import that never finished added them).
    static func delete(_ person: Person, in ws: Workspace) throws {
        try ws.session.deletePerson(person)
    }

    public static func show(_ person: Person, limit: Int, in ws: Workspace) throws -> (person: PersonView, interactions: [Interaction], followUps: [FollowUp]) {
        let recent = try ws.session.interactions(personID: person.id, limit: limit)
        let last = recent.first.map { LastContact(at: $0.at, kind: $0.kind, note: $0.note) }
        return (ws.view(person, last: last), recent, try ws.session.openFollowUps(personID: person.id))
    }

    /// Birthdays and dates from today to `days` ahead, soonest first: O(days) lookups in memory.
    public static func upcomingOccasions(days: Int, in ws: Workspace) throws -> [(person: Person, day: CivilDate)] {
        let upcoming = Scheduler.upcomingOccasions(ws.live.scheduler, now: ws.now, days: days)
        let people = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: upcoming.map(\.personID)).map { ($0.id, $0) })
        return upcoming.compactMap { item in people[item.personID].map { ($0, item.day) } }
    }

    /// What `ls` may ask for; every condition given must hold.
    public struct ListFilter: Equatable, Sendable {
        public var tag: String?
        public var untriaged = false
        public var ignored = false
        public var organization: String?
        /// Due now (the schedule's own order is the index).
        public var due = false
        /// Following this circle: tagged with its name and no cadence of their own.
        public var circle: String?

        public init() {}
    }

    /// A page of the people of `filter`, by name, and how many there are in all.
    public static func list(_ filter: ListFilter, limit: Int, in ws: Workspace) throws -> (people: [PersonView], total: Int) {
        var query = PeopleFilter()
        query.tag = filter.tag
        query.untriaged = filter.untriaged
        query.ignored = filter.ignored
        query.organization = filter.organization
        if let circle = filter.circle {
            let name = try Circles.tag(circle)
            guard try ws.session.circle(name) != nil else { throw ServiceError.noSuchCircle(name) }
            guard query.tag == nil || query.tag == name else { return ([], 0) }
            query.tag = name
            query.withoutCadence = true
        }
        if filter.due { query.ids = ws.live.schedule.dueIDs(at: ws.now) }
        // Everyone: the schedule holds a row for each person, so their number is known.
        let (people, total) = try ws.session.listPeople(query, limit: limit, knownTotal: query == PeopleFilter() ? ws.live.schedule.count : nil)
        return (people.map { ws.view($0.person, last: $0.last) }, total)
    }

    /// The `limit` most overdue of everyone due now, and how many are due: O(k log limit) for k
    /// people due, in a constant number of statements; only the `limit` listed are read from SQLite.
    public static func due(limit: Int, in ws: Workspace) throws -> (people: [PersonView], total: Int) {
        let ids = ws.live.schedule.mostOverdue(at: ws.now, limit: limit).map(\.entry.personID)
        let people = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: ids).map { ($0.id, $0) })
        let last = try ws.session.lastContacts(personIDs: ids)
        return (ids.compactMap { id in people[id].map { ws.view($0, last: last[id]) } }, ws.live.schedule.dueCount(at: ws.now))
    }
}
