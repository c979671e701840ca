import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Brings an address book in: each contact is validated, matched to someone already here (by
/// UID, then e-mail address, then profile URL, then the exact name without case and accents)
/// and merged field by field, or added. What the user typed into connectd (cadence, how-met,
/// interests, notes, the name) is kept unless `overwrite`. Imported people get no cadence unless
/// one is given: they wait for triage. All of it runs in the caller's transaction.
public enum Importing {
    public struct Options: Sendable {
        /// A cadence for everyone imported who has none (spread over one cadence).
        public var every: Cadence?
        public var tags: [String] = []
        public var overwrite = false
        /// Refuse the whole import when any record is skipped or any line is bad.
        public var strict = false
        /// Someone added by hand takes the address book's UID (later imports find them by it).
        public var adoptUIDs = true
        /// How many item lines the summary keeps (the counts are always complete).
        public var itemLimit = 1000

        public init() {}
    }

    public enum Outcome: String, Sendable {
        case added, updated, unchanged, skipped
    }

    /// What happened to one record.
    public struct Item: Sendable {
        public let line: Int
        public let name: String
        public let outcome: Outcome
        /// Why it was skipped, or what was left out of it.
        public let reason: String?
        public let changedFields: [String]
    }

    public struct Summary: Sendable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var skipped = 0
        /// The first `itemLimit` items, in file order.
        public var items: [Item] = []
        /// Items beyond the limit.
        public var moreItems = 0

        mutating func record(_ item: Item, limit: Int) {
            switch item.outcome {
            case .added: added += 1
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            case .skipped: skipped += 1
            }
            if items.count < limit { items.append(item) } else { moreItems += 1 }
        }
    }

    /// Google's own groups: not tags a person would choose.
    static let systemCategories: Set<String> = ["mycontacts", "starred"]

    /// Reads every item from `next` and merges the contacts. Throws `ServiceError.importRefused`
    /// in strict mode when anything was skipped (the caller rolls back).
    public static func run(_ next: () throws -> ImportItem?, options: Options, in ws: Workspace) throws -> Summary {
        var summary = Summary()
        var planner: SpreadPlanner?
        var session = ImportSession(ws: ws, options: options)
        while let item = try next() {
            switch item {
            case .problem(let problem):
                summary.record(Item(line: problem.line, name: "", outcome: .skipped, reason: problem.message, changedFields: []),
                               limit: options.itemLimit)
            case .contact(let contact):
                let result = try session.merge(contact, planner: &planner)
                summary.record(result, limit: options.itemLimit)
            }
        }
        if options.strict, summary.skipped > 0 { throw ServiceError.importRefused(skipped: summary.skipped, first: summary.items.first { $0.outcome == .skipped }?.reason ?? "") }
        return summary
    }
}

/// The state of one import: the workspace and its options.
struct ImportSession {
    let ws: Workspace
    let options: Importing.Options

    /// A contact's fields as connectd stores them; values that break the text rules are left
    /// out (and said), a name that does not fit skips the contact.
    struct Fields {
        var name: String
        var uid: String?
        var emails: [ContactPoint] = []
        var phones: [ContactPoint] = []
        var organization: String?
        var title: String?
        var birthday: Birthday?
        var links: [String] = []
        var tags: [String] = []
        var notes: String?
        var cadence: Cadence?
        var met: String?
        var interests: String?
        var lastContact: Date?
        var ignored = false
        var fromLinkedIn = false
        var leftOut: [String] = []
    }

    func fields(_ contact: ContactRecord) throws(CoreError) -> Fields {
        var fields = Fields(name: try Person.normalizedName(contact.name))
        fields.leftOut = contact.leftOut
        func keep(_ text: String?, _ field: TextRules.Field) -> String? {
            guard let text else { return nil }
            do { return try Person.optionalText(text, field) } catch {
                fields.leftOut.append(field.rawValue)
                return nil
            }
        }
        func points(_ list: [ContactPoint], _ field: TextRules.Field) -> [ContactPoint] {
            var seen = Set<String>()
            return list.compactMap { point in
                guard let value = keep(point.value, field), seen.insert(value.lowercased()).inserted else { return nil }
                let types = point.types.compactMap { try? TextRules.check($0, .tag).lowercased() }.filter { !$0.isEmpty }
                return ContactPoint(value: value, types: types, label: keep(point.label, .label))
            }
        }
        fields.uid = keep(contact.uid, .uid)
        fields.emails = points(contact.emails, .email)
        fields.phones = points(contact.phones, .phone)
        fields.organization = keep(contact.organization, .organization)
        fields.title = keep(contact.title, .title)
        fields.birthday = contact.birthday
        fields.links = contact.urls.compactMap { keep($0, .link) }
        let categories = contact.categories.filter { !Importing.systemCategories.contains($0.lowercased()) }
        fields.tags = (categories + options.tags).flatMap { (try? Person.normalizedTags([$0])) ?? [] }
        fields.tags = fields.tags.enumerated().filter { index, tag in !fields.tags[..<index].contains(tag) }.map(\.element)
        fields.notes = keep(contact.note, .notes)
        fields.met = keep(contact.met, .met)
        fields.interests = keep(contact.interests, .into)
        if let text = contact.cadence {
            if let cadence = try? Cadence.parse(text) { fields.cadence = cadence } else { fields.leftOut.append("cadence") }
        }
        fields.lastContact = contact.lastContact.flatMap { $0 <= ws.now ? $0 : nil }
        fields.ignored = contact.ignored
        fields.fromLinkedIn = contact.fromLinkedIn
        return fields
    }

    /// Who `fields` are already, if anyone: UID, then e-mail, then profile URL, then the exact
    /// folded name. Two different UIDs never match.
    func match(_ fields: Fields) throws -> Person? {
        if let uid = fields.uid, let id = try ws.session.personID(uid: uid) { return try ws.session.person(id: id) }
        func compatible(_ person: Person) -> Bool {
            guard let uid = fields.uid, person.uidFromAddressBook else { return true }
            return StoreSession.bareUID(uid) == StoreSession.bareUID(person.uid)
        }
        for email in fields.emails {
            for id in try ws.session.personIDs(email: email.emailKey) {
                if let person = try ws.session.person(id: id), compatible(person) { return person }
            }
        }
        for link in fields.links where link.contains("linkedin.com/in/") {
            for id in try ws.session.personIDs(link: link) {
                if let person = try ws.session.person(id: id), compatible(person) { return person }
            }
        }
        if let id = try ws.session.personID(foldedName: fields.name), let person = try ws.session.person(id: id), compatible(person) {
            return person
        }
        return nil
    }

    mutating func merge(_ contact: ContactRecord, planner: inout SpreadPlanner?) throws -> Importing.Item {
        let fields: Fields
        do {
            fields = try self.fields(contact)
        } catch {
            return Importing.Item(line: contact.line, name: String(contact.name.prefix(80)), outcome: .skipped,
                                  reason: error.description, changedFields: [])
        }
        let note = fields.leftOut.isEmpty ? nil : "left out: " + fields.leftOut.joined(separator: ", ")
        if let existing = try match(fields) {
            let (person, changed) = updated(existing, with: fields)
            guard !changed.isEmpty else {
                return Importing.Item(line: contact.line, name: existing.name, outcome: .unchanged, reason: note, changedFields: [])
            }
            var final = person
            final.revisedAt = ws.now
            let last = try ws.session.lastContact(personID: person.id)?.at
            if existing.scheduledCadence == nil, let cadence = final.scheduledCadence, last == nil, final.dueOverride == nil {
                if planner == nil { planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules) }
                final.dueOverride = People.spreadStart(cadence, planner: &planner!, now: ws.now)
            }
            try ws.session.updatePerson(final, previous: existing)
            try addLastContact(fields.lastContact, for: final, known: last)
            if final.scheduledCadence != existing.scheduledCadence || final.dueOverride != existing.dueOverride || fields.lastContact != nil
                || final.birthday != existing.birthday {
                People.refreshEntry(for: final, lastContact: fields.lastContact, in: ws)
            }
            return Importing.Item(line: contact.line, name: final.name, outcome: .updated, reason: note, changedFields: changed)
        }
        var person = Person(
            name: try freeName(fields.name), cadence: fields.cadence ?? options.every, met: fields.met, interests: fields.interests,
            notes: fields.notes, tags: fields.tags, links: fields.links, addedAt: ws.now, uid: fields.uid ?? Person.newUID(),
            emails: fields.emails, phones: fields.phones, organization: fields.organization, title: fields.title,
            birthday: fields.birthday, ignored: fields.ignored, uidFromAddressBook: fields.uid != nil, jobFromLinkedIn: fields.fromLinkedIn,
            revisedAt: ws.now)
        if let cadence = person.scheduledCadence, fields.lastContact == nil {
            if planner == nil { planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules) }
            person.dueOverride = People.spreadStart(cadence, planner: &planner!, now: ws.now)
        }
        person = try ws.session.insertPerson(person)
        if person.isHeld { ws.live.addHeld(1) }
        try addLastContact(fields.lastContact, for: person, known: nil)
        ws.live.setEntry(People.entry(for: person, lastContact: fields.lastContact, scheduledAt: ws.now))
        return Importing.Item(line: contact.line, name: person.name, outcome: .added, reason: note, changedFields: [])
    }

    /// The name itself, or "Name (2)", "Name (3)"… when someone else has it already.
    func freeName(_ name: String) throws -> String {
        guard try ws.session.personID(exactName: name) != nil else { return name }
        for number in 2...1000 {
            let candidate = "\(name) (\(number))"
            if try ws.session.personID(exactName: candidate) == nil { return candidate }
        }
        throw CoreError.tooLong(field: "name", limit: 200)
    }

    /// A last contact an export carried (X-CONNECTD-LAST-CONTACT) becomes an interaction when
    /// nothing as recent is known, so the schedule goes on from it.
    func addLastContact(_ at: Date?, for person: Person, known: Date?) throws {
        guard let at, known.map({ at > $0 }) ?? true else { return }
        _ = try ws.session.insertInteraction(Interaction(personID: person.id, kind: .other, at: at, note: "Last contact (imported)"), loggedAt: ws.now)
        ws.live.addInteractions(1)
    }

    /// `existing` with the imported fields merged in, and the names of the fields that changed.
    func updated(_ existing: Person, with fields: Fields) -> (Person, [String]) {
        var person = existing
        var changed: [String] = []
        func set<T: Equatable>(_ keyPath: WritableKeyPath<Person, T>, _ value: T, _ name: String) {
            guard person[keyPath: keyPath] != value else { return }
            person[keyPath: keyPath] = value
            changed.append(name)
        }
        // What the user typed: filled when empty, replaced only with --overwrite.
        let overwrite = options.overwrite
        if overwrite, fields.name != person.name, (try? ws.session.personID(exactName: fields.name)) == .some(nil) {
            set(\.name, fields.name, "name")
        }
        if let cadence = fields.cadence ?? options.every, person.cadence == nil || overwrite { set(\.cadence, cadence, "cadence") }
        if let met = fields.met, person.met == nil || overwrite { set(\.met, met, "met") }
        if let interests = fields.interests, person.interests == nil || overwrite { set(\.interests, interests, "into") }
        if let notes = fields.notes, person.notes == nil || overwrite { set(\.notes, notes, "notes") }
        // What the address book knows: merged in.
        let emails = person.emails + fields.emails.filter { new in !person.emails.contains { $0.emailKey == new.emailKey } }
        set(\.emails, emails, "emails")
        let phones = person.phones + fields.phones.filter { new in !person.phones.contains { $0.value == new.value } }
        set(\.phones, phones, "phones")
        set(\.links, person.links + fields.links.filter { !person.links.contains($0) }, "links")
        set(\.tags, person.tags + fields.tags.filter { !person.tags.contains($0) }, "tags")
        if let birthday = fields.birthday { set(\.birthday, birthday, "birthday") }
        // The job: a LinkedIn export is the authority on it (and a change it reports is news);
        // other address books fill it in when it is empty.
        if fields.fromLinkedIn {
            let known = person.jobFromLinkedIn && (person.organization != nil || person.title != nil)
            let changedJob = fields.organization != person.organization || fields.title != person.title
            set(\.organization, fields.organization, "organization")
            set(\.title, fields.title, "title")
            if !person.jobFromLinkedIn {
                // Bookkeeping, not a field the user sees: written with the rest, not listed.
                person.jobFromLinkedIn = true
                if changed.isEmpty { changed.append("job from LinkedIn") }
            }
            if known, changedJob { set(\.news, Self.news(organization: fields.organization, title: fields.title), "news") }
        } else {
            if let organization = fields.organization, person.organization == nil || overwrite { set(\.organization, organization, "organization") }
            if let title = fields.title, person.title == nil || overwrite { set(\.title, title, "title") }
        }
        // Someone added by hand takes the address book's UID: later imports find them by it.
        if options.adoptUIDs, !person.uidFromAddressBook, let uid = fields.uid, (try? ws.session.personID(uid: uid)) == .some(nil) {
            set(\.uid, uid, "uid")
            person.uidFromAddressBook = true
        }
        return (person, changed)
    }

    /// "is now Founder at MomCom Life".
    static func news(organization: String?, title: String?) -> String {
        switch (title, organization) {
        case let (title?, organization?): "is now \(title) at \(organization)"
        case let (title?, nil): "is now \(title)"
        case let (nil, organization?): "is now at \(organization)"
        case (nil, nil): "changed jobs"
        }
    }
}
