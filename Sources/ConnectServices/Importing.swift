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
        /// People are the same only by UID (a restore from the trash: that record itself comes
        /// back, not into someone who shares an address with it).
        public var matchUIDOnly = false

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
        /// Items beyond the limits.
        public var moreItems = 0
        /// What a report must show (skipped, updated, or with something said), and the rest: each
        /// kept up to the limit, so a skipped record at line 4,005 is not crowded out by 1,000 added ones.
        private var worthSaying: [Item] = []
        private var plain: [Item] = []

        /// The items kept, in file order.
        public var items: [Item] {
            var result: [Item] = []
            result.reserveCapacity(worthSaying.count + plain.count)
            var (i, j) = (0, 0)
            while i < worthSaying.count || j < plain.count {
                if j >= plain.count || (i < worthSaying.count && worthSaying[i].line <= plain[j].line) {
                    result.append(worthSaying[i])
                    i += 1
                } else {
                    result.append(plain[j])
                    j += 1
                }
            }
            return result
        }

        mutating func record(_ item: Item, limit: Int) {
            switch item.outcome {
            case .added: added += 1
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            case .skipped: skipped += 1
            }
            let said = item.outcome == .skipped || item.outcome == .updated || item.reason != nil
            if said, worthSaying.count < limit {
                worthSaying.append(item)
            } else if !said, plain.count < limit {
                plain.append(item)
            } else {
                moreItems += 1
            }
        }
    }

    /// Google's own groups: not tags a person would choose.
    static let systemCategories: Set<String> = ["mycontacts", "starred"]

    /// Reads every item from `next` and applies it, in the caller's transaction (small inputs:
    /// tests, the trash). Throws `ServiceError.importRefused` in strict mode when anything was
    /// skipped (the caller rolls back). The daemon runs large files through `ImportRunner` in steps.
    public static func run(_ next: () throws -> ImportItem?, format: InterchangeFormat, options: Options, in ws: Workspace) throws -> Summary {
        let runner = ImportRunner(name: "", format: format, options: options, journaled: false)
        while let item = try next() { try runner.apply(item, in: ws) }
        try runner.finish(in: ws)
        return runner.summary
    }
}

/// One record at a time against the state: validate, match, merge or add. Used by imports, by
/// restores of connectd's own export and by cards that come in through the vdir.
struct ImportSession {
    let ws: Workspace
    let options: Importing.Options
    /// Where a journaled import notes each row it adds or changes (nil: not journaled).
    var journal: ImportJournal?

    init(ws: Workspace, options: Importing.Options, journal: ImportJournal? = nil) {
        self.ws = ws
        self.options = options
        self.journal = journal
    }

    /// A contact's fields as connectd stores them; values that break the text rules are left
    /// out (and said), a name that does not fit skips the contact.
    struct Fields {
        var name: String
        var uid: String?
        var emails: [ContactPoint] = []
        var phones: [ContactPoint] = []
        var organization: String?
        var title: String?
        var birthday: YearlyDate?
        var links: [String] = []
        var tags: [String] = []
        var notes: String?
        var cadence: Cadence?
        var met: String?
        var interests: String?
        var lastContact: Date?
        var ignored = false
        var fromLinkedIn = false
        var cardExtras: [String] = []
        var dates: [ImportantDate] = []
        var related: [Relation] = []
        var timeZone: String?
        var feed: String?
        var leftOut: [String] = []
        var remarks: [String] = []

        /// What the import's report says about the record (nil: nothing).
        var note: String? {
            let parts = remarks + (leftOut.isEmpty ? [] : ["left out: " + leftOut.joined(separator: ", ")])
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }

        /// What the record is found by: its UID, e-mail addresses, profile URLs and folded name.
        var keys: [String] {
            var keys = emails.map { "email:" + $0.emailKey } + links.filter { $0.contains("linkedin.com/in/") }.map { "link:" + $0 }
            if let uid { keys.append("uid:" + StoreSession.bareUID(uid)) }
            keys.append("name:" + NameKey.fold(name))
            return keys
        }
    }

    func fields(_ contact: ContactRecord) throws(CoreError) -> Fields {
        var fields = Fields(name: try Person.normalizedName(contact.name))
        fields.leftOut = contact.leftOut
        fields.remarks = contact.remarks
        func keep(_ text: String?, _ field: TextRules.Field) -> String? {
            guard let text else { return nil }
            do { return try Person.optionalText(text, field) } catch {
                fields.leftOut.append(field.rawValue)
                return nil
            }
        }
        /// At most `Person.maxListEntries`; the rest is said.
        func bounded<T>(_ list: [T], _ what: String) -> [T] {
            guard list.count > Person.maxListEntries else { return list }
            fields.leftOut.append("\(list.count - Person.maxListEntries) \(what) beyond the first \(Person.maxListEntries)")
            return Array(list.prefix(Person.maxListEntries))
        }
        func points(_ list: [ContactPoint], _ field: TextRules.Field, _ what: String) -> [ContactPoint] {
            var seen = Set<String>()
            return bounded(list.compactMap { point in
                guard let value = keep(point.value, field), seen.insert(value.lowercased()).inserted else { return nil }
                let types = point.types.prefix(16).compactMap { try? TextRules.check($0, .tag).lowercased() }.filter { !$0.isEmpty }
                return ContactPoint(value: value, types: types, label: keep(point.label, .label))
            }, what)
        }
        fields.uid = keep(contact.uid, .uid)
        fields.emails = points(contact.emails, .email, "e-mail addresses")
        fields.phones = points(contact.phones, .phone, "phone numbers")
        fields.organization = keep(contact.organization, .organization)
        fields.title = keep(contact.title, .title)
        fields.birthday = contact.birthday
        var links = Set<String>()
        fields.links = bounded(contact.urls.compactMap { keep($0, .link) }.filter { links.insert($0).inserted }, "links")
        // Linear: a card with 100,000 categories once took seconds here.
        var tags = Set<String>()
        let categories = contact.categories.filter { !Importing.systemCategories.contains($0.lowercased()) }
        fields.tags = bounded((categories + options.tags).flatMap { (try? Person.normalizedTags([$0])) ?? [] }.filter { tags.insert($0).inserted }, "tags")
        fields.notes = keep(contact.note, .notes)
        fields.met = keep(contact.met, .met)
        fields.interests = keep(contact.interests, .into)
        if let text = contact.cadence {
            if let cadence = try? Cadence.parse(text) { fields.cadence = cadence } else { fields.leftOut.append("cadence") }
        }
        fields.lastContact = contact.lastContact.flatMap { $0 <= ws.now ? $0 : nil }
        fields.ignored = contact.ignored
        fields.fromLinkedIn = contact.fromLinkedIn
        fields.cardExtras = contact.extraLines
        var dates = Set<ImportantDate>()
        fields.dates = bounded(contact.dates.compactMap { date -> ImportantDate? in
            keep(date.label, .label).map { ImportantDate(label: $0, date: date.date) }
        }.filter { dates.insert($0).inserted }, "dates")
        var relations = Set<String>()
        fields.related = bounded(contact.related.compactMap { relation -> Relation? in
            guard let name = keep(relation.name, .name), let type = keep(relation.type, .label)?.lowercased(),
                  relations.insert(NameKey.fold(name) + "\u{0}" + type).inserted else { return nil }
            return Relation(name: name, type: type, uid: relation.uid.flatMap { keep($0, .uid) })
        }, "relationships")
        if let feed = contact.feed {
            do { fields.feed = try Person.feedURL(feed) } catch { fields.leftOut.append("the feed '\(feed.prefix(80))' (not an http or https address)") }
        }
        if let zone = contact.timeZone {
            if let name = Zones.name(zone) { fields.timeZone = name } else { fields.leftOut.append("the time zone '\(zone.prefix(40))' (not one this machine knows)") }
        }
        return fields
    }

    /// Who `fields` are already, if anyone: UID, then e-mail, then profile URL, then the exact
    /// folded name. Two different UIDs never match.
    func match(_ fields: Fields) throws -> Person? {
        if let uid = fields.uid, let id = try ws.session.personID(uid: uid) { return try ws.session.person(id: id) }
        guard !options.matchUIDOnly else { return nil }
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

    /// The person `fields` describe, merged into who they are already or added.
    mutating func merge(_ contact: ContactRecord, planner: inout SpreadPlanner?) throws -> (item: Importing.Item, person: Person?) {
        let fields: Fields
        do {
            fields = try self.fields(contact)
        } catch {
            return (Importing.Item(line: contact.line, name: String(contact.name.prefix(80)), outcome: .skipped, reason: error.description,
                                   changedFields: []), nil)
        }
        let note = fields.note
        if let existing = try match(fields) {
            let (person, changed) = updated(existing, with: fields)
            guard !changed.isEmpty else {
                return (Importing.Item(line: contact.line, name: existing.name, outcome: .unchanged, reason: note, changedFields: []), existing)
            }
            var final = person
            final.revisedAt = ws.now
            let last = try ws.session.lastContact(personID: person.id)?.at
            if existing.cadence == nil, let cadence = final.scheduledCadence, last == nil, final.dueOverride == nil {
                if planner == nil { planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules) }
                final.dueOverride = People.spreadStart(cadence, for: final, planner: &planner!, now: ws.now)
            }
            let before = try journal.map { _ in try ws.session.personSnapshot(id: existing.id) } ?? nil
            try ws.session.updatePerson(final, previous: existing)
            try journal?.updated(final.id, before: before, in: ws.session)
            try addLastContact(fields.lastContact, for: final, known: last)
            // Taking the card's UID is bookkeeping (found by it next time), not news for the user.
            let outcome: Importing.Outcome = changed == ["uid"] ? .unchanged : .updated
            return (Importing.Item(line: contact.line, name: final.name, outcome: outcome, reason: note,
                                   changedFields: outcome == .unchanged ? [] : changed), final)
        }
        guard let name = try freeName(fields.name) else {
            return (Importing.Item(line: contact.line, name: String(fields.name.prefix(80)), outcome: .skipped,
                                   reason: "\(Self.maxNamesakes) people are called \(CoreError.quote(fields.name)) already: give this one another name in the file",
                                   changedFields: []), nil)
        }
        var person = Person(
            name: name, cadence: fields.cadence ?? options.every, met: fields.met, interests: fields.interests,
            notes: fields.notes, tags: fields.tags, links: fields.links, addedAt: ws.now, uid: fields.uid ?? Person.newUID(),
            emails: fields.emails, phones: fields.phones, organization: fields.organization, title: fields.title,
            birthday: fields.birthday, ignored: fields.ignored, uidFromAddressBook: fields.uid != nil, jobFromLinkedIn: fields.fromLinkedIn,
            revisedAt: ws.now, cardExtras: fields.cardExtras, dates: fields.dates, related: fields.related, timeZone: fields.timeZone,
            feed: fields.feed)
        if let cadence = person.scheduledCadence, fields.lastContact == nil {
            if planner == nil { planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules) }
            person.dueOverride = People.spreadStart(cadence, for: person, planner: &planner!, now: ws.now)
        }
        person = try add(person)
        try addLastContact(fields.lastContact, for: person, known: nil)
        return (Importing.Item(line: contact.line, name: person.name, outcome: .added, reason: note, changedFields: []), person)
    }

    /// Adds someone (noted in the journal).
    func add(_ new: Person) throws -> Person {
        let person = try ws.session.insertPerson(new)
        try journal?.note(.personAdded, person.id, in: ws.session)
        return person
    }

    /// How many people may share a name before an import skips the next one.
    static let maxNamesakes = 1000

    /// The name itself, or "Name (2)", "Name (3)"… when someone else has it already: the lowest
    /// number not taken (the taken ones read with one index range); nil when `maxNamesakes` have it.
    func freeName(_ name: String) throws -> String? {
        guard try ws.session.personID(exactName: name) != nil else { return name }
        let numbered = try ws.session.numberedNames(name, limit: Self.maxNamesakes)
        guard numbered.count < Self.maxNamesakes else { return nil }
        let prefix = (name + " (").lowercased()
        let taken = Set(numbered.compactMap { other -> Int? in
            let lowered = other.lowercased()
            guard lowered.hasPrefix(prefix), lowered.hasSuffix(")") else { return nil }
            return Int(lowered.dropFirst(prefix.count).dropLast())
        })
        // At most `maxNamesakes` are taken, so one of the first `maxNamesakes + 1` numbers is free.
        return (2...(Self.maxNamesakes + 2)).first { !taken.contains($0) }.map { "\(name) (\($0))" }
    }

    /// A last contact an export carried (X-CONNECTD-LAST-CONTACT) becomes an interaction when
    /// nothing as recent is known, so the schedule goes on from it.
    func addLastContact(_ at: Date?, for person: Person, known: Date?) throws {
        guard let at, known.map({ at > $0 }) ?? true else { return }
        let interaction = try ws.session.insertInteraction(Interaction(personID: person.id, kind: .other, at: at, note: "Last contact (imported)"),
                                                           loggedAt: ws.now)
        try journal?.note(.interaction, interaction.id, in: ws.session)
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
        // What the address book knows: merged in (sets, not scans: both lists are bounded, but
        // an import runs this for every record).
        let emailKeys = Set(person.emails.map(\.emailKey))
        set(\.emails, Array((person.emails + fields.emails.filter { !emailKeys.contains($0.emailKey) }).prefix(Person.maxListEntries)), "emails")
        let phoneValues = Set(person.phones.map(\.value))
        set(\.phones, Array((person.phones + fields.phones.filter { !phoneValues.contains($0.value) }).prefix(Person.maxListEntries)), "phones")
        let links = Set(person.links)
        set(\.links, Array((person.links + fields.links.filter { !links.contains($0) }).prefix(Person.maxListEntries)), "links")
        let tags = Set(person.tags)
        set(\.tags, Array((person.tags + fields.tags.filter { !tags.contains($0) }).prefix(Person.maxListEntries)), "tags")
        if let birthday = fields.birthday { set(\.birthday, birthday, "birthday") }
        let dates = Set(person.dates)
        set(\.dates, Array((person.dates + fields.dates.filter { !dates.contains($0) }).prefix(Person.maxListEntries)), "dates")
        let relations = Set(person.related.map { NameKey.fold($0.name) + "\u{0}" + $0.type })
        set(\.related, Array((person.related + fields.related.filter { !relations.contains(NameKey.fold($0.name) + "\u{0}" + $0.type) })
            .prefix(Person.maxListEntries)), "relationships")
        if let zone = fields.timeZone { set(\.timeZone, zone, "time zone") }
        if let feed = fields.feed, person.feed == nil || overwrite { set(\.feed, feed, "feed") }
        let extras = Set(person.cardExtras)
        let newExtras = fields.cardExtras.filter { !extras.contains($0) }
        if !newExtras.isEmpty, (person.cardExtras + newExtras).reduce(0, { $0 + $1.utf8.count }) <= ContactRecord.maxExtraBytes {
            set(\.cardExtras, person.cardExtras + newExtras, "other card properties")
        }
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
