import ConnectCore
import ConnectJSON
import Foundation

/// The last interaction with someone, as lists and replies show it.
public struct LastContact: Equatable, Sendable {
    public let at: Date
    public let kind: InteractionKind
    public let note: String?
    /// The others who were there (names), when the caller asked (`lastContact(personID:)`).
    public let with: [String]
    public init(at: Date, kind: InteractionKind, note: String? = nil, with: [String] = []) {
        self.at = at
        self.kind = kind
        self.note = note
        self.with = with
    }
}

extension StoreSession {
    static let personColumns = """
        p.id, p.name, p.cadence, p.met, p.interests, p.notes, p.tags, p.links, p.added_at, p.due_override, \
        p.uid, p.emails, p.phones, p.organization, p.title, p.birthday, p.ignored, p.news, p.uid_external, p.job_from_linkedin, \
        p.revised_at, p.field_revs, p.want_to_meet, p.found, p.card_extras, p.dates, p.related, p.time_zone, p.feed
        """
    /// How many columns `personColumns` has: a query's own columns start after them.
    static let personColumnCount: Int32 = 29

    /// Inserts a person (and the words their name and the addresses they are found by) and
    /// returns it with its new id.
    public func insertPerson(_ new: Person) throws -> Person {
        var person = new
        if person.uid.isEmpty { person.uid = Person.newUID() }
        if person.revisedAt == nil { person.revisedAt = person.addedAt }
        // An id is given only to bring someone back under theirs (never given twice: AUTOINCREMENT).
        try change("""
            INSERT INTO person (id, name, name_key, cadence, met, interests, notes, tags, links, added_at, due_override,
                uid, emails, phones, organization, title, birthday, ignored, news, uid_external, job_from_linkedin, revised_at, field_revs, want_to_meet, found,
                card_extras, dates, related, time_zone, feed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [person.id > 0 ? .integer(person.id) : .null, .text(person.name), .text(NameKey.fold(person.name))] + Self.fieldValues(person))
        var saved = person
        saved.id = lastInsertedRowID
        try indexName(of: saved)
        try indexEmails(of: saved)
        changes.card(saved.id)
        changes.members(saved.tags)
        return saved
    }

    /// Writes every field of `person`; re-indexes the name when it changed. The fields that
    /// changed take `person.revisedAt` as their revision.
    public func updatePerson(_ person: Person, previous: Person) throws {
        var person = person
        if let revised = person.revisedAt {
            for field in PersonField.changed(from: previous, to: person) { person.fieldRevisions[field] = revised }
        }
        try change("""
            UPDATE person SET name = ?, name_key = ?, cadence = ?, met = ?, interests = ?, notes = ?, tags = ?, links = ?,
                added_at = ?, due_override = ?, uid = ?, emails = ?, phones = ?, organization = ?, title = ?, birthday = ?,
                ignored = ?, news = ?, uid_external = ?, job_from_linkedin = ?, revised_at = ?, field_revs = ?, want_to_meet = ?, found = ?,
                card_extras = ?, dates = ?, related = ?, time_zone = ?, feed = ?
            WHERE id = ?
            """, [.text(person.name), .text(NameKey.fold(person.name))] + Self.fieldValues(person) + [.integer(person.id)])
        changes.card(person.id)
        if person.uid != previous.uid {
            changes.removedPerson(uid: previous.uid)
            changes.members(person.tags + previous.tags)
        } else if person.tags != previous.tags {
            changes.members(Set(person.tags).symmetricDifference(previous.tags))
        }
        if person.name != previous.name {
            try change("DELETE FROM name_word WHERE person_id = ?", [.integer(person.id)])
            try indexName(of: person)
        }
        if person.emails.map(\.emailKey) != previous.emails.map(\.emailKey) {
            try change("DELETE FROM person_email WHERE person_id = ?", [.integer(person.id)])
            try indexEmails(of: person)
        }
    }

    /// The columns after name and name_key, in `personColumns` order.
    private static func fieldValues(_ person: Person) -> [SQLValue] {
        [.optional(person.cadence?.description), .optional(person.met), .optional(person.interests), .optional(person.notes),
         .text(jsonList(person.tags)), .text(jsonList(person.links)), .date(person.addedAt), .optional(person.dueOverride),
         .text(person.uid), .text(contactPoints(person.emails)), .text(contactPoints(person.phones)), .optional(person.organization),
         .optional(person.title), .optional(person.birthday?.description), .bool(person.ignored), .optional(person.news),
         .bool(person.uidFromAddressBook), .bool(person.jobFromLinkedIn), .date(person.revisedAt ?? person.addedAt),
         .text(fieldRevisions(person.fieldRevisions)), .bool(person.wantToMeet), .optional(person.found),
         person.cardExtras.isEmpty ? .null : .text(jsonList(person.cardExtras)), person.dates.isEmpty ? .null : .text(importantDates(person.dates)),
         person.related.isEmpty ? .null : .text(relations(person.related)), .optional(person.timeZone), .optional(person.feed)]
    }

    /// People whose addresses may be stored in a form `EmailAddress.key` no longer makes (an
    /// internationalized domain), for the one pass that stores them again.
    public func peopleWithInternationalAddresses() throws -> [Person] {
        try all("SELECT \(Self.personColumns) FROM person p WHERE p.emails != '[]' AND (instr(lower(p.emails), 'xn--') > 0 OR p.emails GLOB '*[^ -~]*')",
                [], Self.person)
    }

    /// The addresses a person is found by, stored again in today's form.
    public func reindexEmails(of person: Person) throws {
        try change("DELETE FROM person_email WHERE person_id = ?", [.integer(person.id)])
        try indexEmails(of: person)
    }

    private func indexEmails(of person: Person) throws {
        for email in Set(person.emails.map(\.emailKey)) where !email.isEmpty {
            try change("INSERT OR IGNORE INTO person_email (email, person_id) VALUES (?, ?)", [.text(email), .integer(person.id)])
        }
    }

    /// The person with this UID, if any (as given, or lower-case with or without `urn:uuid:`).
    public func personID(uid: String) throws -> Int64? {
        let bare = Self.bareUID(uid)
        return try first("SELECT id FROM person WHERE uid IN (?, ?, ?) ORDER BY uid = ? DESC LIMIT 1",
                         [.text(uid), .text(bare), .text("urn:uuid:" + bare), .text(uid)]) { $0.int64(0) }
    }

    /// People with this e-mail address (case ignored), lowest id first.
    public func personIDs(email: String) throws -> [Int64] {
        try all("SELECT person_id FROM person_email WHERE email = ? ORDER BY person_id", [.text(EmailAddress.key(email))]) {
            $0.int64(0)
        }
    }

    /// The people who have this exact link (a profile URL identifies a LinkedIn connection).
    public func personIDs(link: String) throws -> [Int64] {
        try all("SELECT p.id FROM person p, json_each(p.links) j WHERE j.value = ? ORDER BY p.id LIMIT 2", [.text(link)]) { $0.int64(0) }
    }

    /// The id of the person whose folded name is `name`'s (case, accents and width ignored), if
    /// exactly one has it.
    public func personID(foldedName name: String) throws -> Int64? {
        let ids = try all("SELECT id FROM person WHERE name_key = ? LIMIT 2", [.text(NameKey.fold(name))]) { $0.int64(0) }
        return ids.count == 1 ? ids[0] : nil
    }

    /// A UID without `urn:uuid:` and case: two spellings of one identity compare equal.
    public static func bareUID(_ uid: String) -> String {
        let lower = uid.lowercased()
        return lower.hasPrefix("urn:uuid:") ? String(lower.dropFirst(9)) : lower
    }

    private func indexName(of person: Person) throws {
        for word in Set(NameKey.searchWords(person.name)) {
            try change("INSERT OR IGNORE INTO name_word (word, person_id) VALUES (?, ?)", [.text(word), .integer(person.id)])
        }
    }

    /// People not nudged on a cadence on purpose: ignored, or waiting for a first contact.
    public func heldCount() throws -> Int {
        try first("SELECT count(*) FROM person WHERE ignored = 1 OR want_to_meet = 1") { $0.int(0) } ?? 0
    }

    /// Deletes a person; their interactions, nudges and name words go with them (foreign keys),
    /// except interactions others were at, which stay theirs.
    public func deletePerson(_ person: Person) throws {
        try noteStaleNotifications(personID: person.id, all: true)
        try handOverSharedInteractions(of: person)
        try change("DELETE FROM person WHERE id = ?", [.integer(person.id)])
        changes.removedPerson(uid: person.uid)
        changes.members(person.tags)
    }

    public func setNews(personID: Int64, _ news: String?) throws {
        try change("UPDATE person SET news = ? WHERE id = ?", [.optional(news), .integer(personID)])
    }

    /// A snooze, a skip or a contact moved the due date: a change of the person (`revised` is now).
    public func setDueOverride(personID: Int64, _ date: Date?, revised: Date) throws {
        try change("""
            UPDATE person SET due_override = ?, revised_at = ?, field_revs = json_set(field_revs, '$.due', ?) WHERE id = ?
            """, [.optional(date), .date(revised), .date(revised), .integer(personID)])
        changes.card(personID)
    }

    public func person(id: Int64) throws -> Person? {
        try first("SELECT \(Self.personColumns) FROM person p WHERE p.id = ?", [.integer(id)], Self.person)
    }

    /// The people with these ids, in no particular order: one statement for any number.
    public func people(ids: some Sequence<Int64>) throws -> [Person] {
        try all("SELECT \(Self.personColumns) FROM json_each(?) j JOIN person p ON p.id = j.value", [.text(Self.idList(ids))], Self.person)
    }

    /// Everyone sorted by name (or only those with `tag`), each with their last interaction: one statement.
    public func listPeople(tag: String?) throws -> [(person: Person, last: LastContact?)] {
        let join = """
            SELECT \(Self.personColumns), i.at, i.kind, i.note FROM person p
            LEFT JOIN interaction i ON i.id = (\(Self.latestInteraction(of: "p.id")))
            """
        let read: (SQLRow) throws -> (person: Person, last: LastContact?) = { row in (try Self.person(row), Self.lastContact(row, at: Self.personColumnCount)) }
        if let tag {
            return try all(join + " WHERE p.id IN (SELECT person_id FROM person_tag WHERE tag = ?) ORDER BY p.name_key, p.id",
                           [.text(tag.lowercased())], read)
        }
        // By the folded name (no case or accents, Ł as L): Łukasz between Lena and Max, not after Zoë.
        return try all(join + " ORDER BY p.name_key, p.id", [], read)
    }

    /// A page of the people matching every condition of `filter`, by name (at most `limit`),
    /// each with their last interaction, and how many match in all. Each condition reads an
    /// index: person_tag, the partial indexes of the untriaged and the ignored, the organization
    /// index, or the ids given.
    /// `knownTotal`: how many match when the caller knows (everyone, from memory), so that the
    /// first page of everyone does not count every person.
    public func listPeople(_ filter: PeopleFilter, limit: Int, knownTotal: Int? = nil) throws -> (people: [(person: Person, last: LastContact?)], total: Int) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let tag = filter.tag {
            conditions.append("p.id IN (SELECT person_id FROM person_tag WHERE tag = ?)")
            values.append(.text(tag))
        }
        if filter.withoutCadence { conditions.append("p.cadence IS NULL") }
        if filter.untriaged { conditions.append(Self.untriaged) }
        if filter.ignored { conditions.append("p.ignored = 1") }
        if let organization = filter.organization {
            conditions.append("p.organization = ? COLLATE NOCASE")
            values.append(.text(organization))
        }
        if let ids = filter.ids {
            // Many (most of everyone due): tested here along the other conditions' rows rather
            // than sent to SQLite as a list to sort (92,000 of 100,000 due: 131 ms that way).
            if ids.count > 2000 { return try listPeople(among: ids, where: conditions, values, limit: limit) }
            conditions.append("p.id IN (SELECT value FROM json_each(?))")
            values.append(.text(Self.idList(ids)))
        }
        let filtering = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        // Filtered: from the filter's index, then sorted (`+` keeps SQLite from walking the name
        // index instead and testing every person); unfiltered: along the name index.
        let order = conditions.isEmpty ? "p.name_key, p.id" : "+p.name_key, p.id"
        let people = try all("""
            SELECT \(Self.personColumns), i.at, i.kind, i.note FROM (
                SELECT p.* FROM person p\(filtering) ORDER BY \(order) LIMIT ?
            ) p LEFT JOIN interaction i ON i.id = (\(Self.latestInteraction(of: "p.id")))
            ORDER BY p.name_key, p.id
            """, values + [.integer(Int64(limit))]) { row in (try Self.person(row), Self.lastContact(row, at: Self.personColumnCount)) }
        let total = try knownTotal ?? first("SELECT count(*) FROM person p" + filtering, values) { $0.int(0) } ?? 0
        return (people, total)
    }

    /// A page by name of the people among `ids` who meet `conditions`: along the name index
    /// (stopping when the page is full) without other conditions, else along their rows.
    private func listPeople(among ids: [Int64], where conditions: [String], _ values: [SQLValue],
                            limit: Int) throws -> (people: [(person: Person, last: LastContact?)], total: Int) {
        let wanted = Set(ids)
        var page: [Int64] = []
        var total = 0
        if conditions.isEmpty {
            try scan("SELECT id FROM person ORDER BY name_key, id") { row in
                if wanted.contains(row.int64(0)) { page.append(row.int64(0)) }
                return page.count < limit
            }
            total = wanted.count
        } else {
            try scan("SELECT p.id FROM person p WHERE \(conditions.joined(separator: " AND ")) ORDER BY +p.name_key, p.id", values) { row in
                guard wanted.contains(row.int64(0)) else { return true }
                total += 1
                if page.count < limit { page.append(row.int64(0)) }
                return true
            }
        }
        let people = Dictionary(uniqueKeysWithValues: try self.people(ids: page).map { ($0.id, $0) })
        let last = try lastContacts(personIDs: page)
        return (page.compactMap { id in people[id].map { ($0, last[id]) } }, total)
    }

    /// The id of the person with exactly this name (ignoring case), if any: names are unique.
    public func personID(exactName name: String) throws -> Int64? {
        try first("SELECT id FROM person WHERE name = ? COLLATE NOCASE", [.text(name)]) { $0.int64(0) }
    }

    /// Up to `limit` names that are `name` followed by " (…" (ignoring case): "Ada (2)", "Ada (3)".
    /// One range of the name index ("Ada (" up to "Ada )").
    public func numberedNames(_ name: String, limit: Int) throws -> [String] {
        try all("SELECT name FROM person WHERE name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE LIMIT ?",
                [.text(name + " ("), .text(name + " )"), .integer(Int64(limit))]) { $0.text(0) }
    }

    /// The one person `query` names (an id, the whole name, or prefixes of its words, without case,
    /// accents or width), found through indexes; or `personNotFound` / `ambiguousName`.
    public func findPerson(_ query: String) throws -> Person {
        if let id = NameMatcher.id(in: query) {
            guard let person = try person(id: id) else { throw CoreError.personNotFound(query) }
            return person
        }
        let key = NameKey.fold(query)
        let words = key.split(separator: " ").map(String.init)
        guard !words.isEmpty, words.count <= 8 else { throw CoreError.personNotFound(query) }
        let exact = try all("SELECT \(Self.personColumns) FROM person p WHERE p.name_key = ? LIMIT 2", [.text(key)], Self.person)
        if exact.count == 1 { return exact[0] }
        // Every query word narrows by the start of some word of the name: an index range each.
        let limit = 51
        let sql = Array(repeating: "SELECT person_id FROM name_word WHERE word >= ? AND word < ?", count: words.count)
            .joined(separator: " INTERSECT ") + " LIMIT \(limit)"
        let ids = try all(sql, words.flatMap { [SQLValue.text($0), .text($0 + "\u{10FFFF}")] }) { $0.int64(0) }
        let found = try people(ids: ids)
        let candidates = found.map { NameMatcher.Candidate(id: $0.id, name: $0.name) }.sorted { $0.id < $1.id }
        let id = try NameMatcher.choose(query, among: candidates, total: ids.count == limit ? limit : nil)
        guard let person = found.first(where: { $0.id == id }) else { throw CoreError.personNotFound(query) }
        return person
    }

    // MARK: Rows

    static func person(_ row: SQLRow) throws -> Person {
        var cadence: Cadence?
        if !row.isNull(2) {
            let cadenceText = row.text(2)
            guard let parsed = Cadence.canonical(cadenceText) ?? (try? Cadence.parse(cadenceText)) else {
                throw StoreError.inconsistent(path: "state", reason: "person #\(row.int64(0)) has the cadence '\(cadenceText)', which this connectd cannot read")
            }
            cadence = parsed
        }
        return Person(
            id: row.int64(0), name: row.text(1), cadence: cadence, met: row.optionalText(3), interests: row.optionalText(4),
            notes: row.optionalText(5), tags: jsonList(row.text(6)), links: jsonList(row.text(7)), addedAt: row.date(8),
            dueOverride: row.optionalDate(9), uid: row.text(10), emails: contactPoints(row.text(11)), phones: contactPoints(row.text(12)),
            organization: row.optionalText(13), title: row.optionalText(14), birthday: row.optionalText(15).flatMap(YearlyDate.parse),
            ignored: row.bool(16), news: row.optionalText(17), uidFromAddressBook: row.bool(18), jobFromLinkedIn: row.bool(19),
            revisedAt: row.optionalDate(20), fieldRevisions: fieldRevisions(row.text(21)), wantToMeet: row.bool(22), found: row.optionalText(23),
            cardExtras: row.optionalText(24).map(jsonList) ?? [], dates: row.optionalText(25).map(importantDates) ?? [],
            related: row.optionalText(26).map(relations) ?? [], timeZone: row.optionalText(27), feed: row.optionalText(28))
    }

    /// Dates as stored: `[{"label":…,"date":"1990-05-17"}]`.
    static func importantDates(_ dates: [ImportantDate]) -> String {
        String(decoding: JSONWriter.bytes(.array(dates.map { .object(["label": .string($0.label), "date": .string($0.date.description)]) })), as: UTF8.self)
    }

    static func importantDates(_ text: String) -> [ImportantDate] {
        guard case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap { element in
            guard let label = element["label"]?.stringValue, let date = element["date"]?.stringValue.flatMap(YearlyDate.parse) else { return nil }
            return ImportantDate(label: label, date: date)
        }
    }

    /// Relationships as stored: `[{"name":…,"type":…,"uid":…}]`.
    static func relations(_ related: [Relation]) -> String {
        String(decoding: JSONWriter.bytes(.array(related.map { relation in
            var object: JSONObject = ["name": .string(relation.name), "type": .string(relation.type)]
            if let uid = relation.uid { object["uid"] = .string(uid) }
            return .object(object)
        })), as: UTF8.self)
    }

    static func relations(_ text: String) -> [Relation] {
        guard case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap { element in
            guard let name = element["name"]?.stringValue, let type = element["type"]?.stringValue else { return nil }
            return Relation(name: name, type: type, uid: element["uid"]?.stringValue)
        }
    }

    /// Contact points as stored: `[{"value":…,"types":[…],"label":…}]`.
    static func contactPoints(_ points: [ContactPoint]) -> String {
        guard !points.isEmpty else { return "[]" }
        return String(decoding: JSONWriter.bytes(.array(points.map { point in
            var object: JSONObject = ["value": .string(point.value)]
            if !point.types.isEmpty { object["types"] = .array(point.types.map(JSONValue.string)) }
            if let label = point.label { object["label"] = .string(label) }
            return .object(object)
        })), as: UTF8.self)
    }

    static func contactPoints(_ text: String) -> [ContactPoint] {
        guard text != "[]", case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap { element in
            guard let value = element["value"]?.stringValue else { return nil }
            var types: [String] = []
            if case .array(let list)? = element["types"] { types = list.compactMap(\.stringValue) }
            return ContactPoint(value: value, types: types, label: element["label"]?.stringValue)
        }
    }

    static func lastContact(_ row: SQLRow, at index: Int32) -> LastContact? {
        guard !row.isNull(index) else { return nil }
        return LastContact(at: row.date(index), kind: InteractionKind(rawValue: row.text(index + 1)) ?? .other,
                           note: row.optionalText(index + 2))
    }

    /// Field revisions as stored: `{"notes":1764590000.5,…}`.
    static func fieldRevisions(_ revisions: [PersonField: Date]) -> String {
        guard !revisions.isEmpty else { return "{}" }
        var object: JSONObject = [:]
        for (field, date) in revisions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { object[field.rawValue] = .double(date.stored) }
        return String(decoding: JSONWriter.bytes(.object(object)), as: UTF8.self)
    }

    static func fieldRevisions(_ text: String) -> [PersonField: Date] {
        guard text != "{}", case .object(let object)? = try? JSONParser.parse(text) else { return [:] }
        var result: [PersonField: Date] = [:]
        for (key, value) in object {
            guard let field = PersonField(rawValue: key) else { continue }
            switch value {
            case .double(let seconds): result[field] = Date(timeIntervalSince1970: seconds)
            case .integer(let seconds): result[field] = Date(timeIntervalSince1970: Double(seconds))
            default: continue
            }
        }
        return result
    }

    static func jsonList(_ list: [String]) -> String {
        guard !list.isEmpty else { return "[]" }
        return String(decoding: JSONWriter.bytes(.array(list.map(JSONValue.string))), as: UTF8.self)
    }

    /// A stored JSON list of strings (the schema's CHECK guarantees an array).
    static func jsonList(_ text: String) -> [String] {
        guard text != "[]", case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap(\.stringValue)
    }
}

extension StoreSession {
    /// People waiting for a cadence: none of their own nor from a circle, not ignored, not to meet;
    /// oldest first (at most `limit`), and how many there are in all.
    public func untriagedPeople(limit: Int) throws -> (people: [Person], total: Int) {
        let people = try all("SELECT \(Self.personColumns) FROM person p WHERE \(Self.untriaged) ORDER BY p.added_at, p.id LIMIT ?",
                             [.integer(Int64(limit))], Self.person)
        let total = try first("SELECT count(*) FROM person p WHERE \(Self.untriaged)") { $0.int(0) } ?? 0
        return (people, total)
    }

    /// Waiting for a cadence: none of their own nor from a circle, not ignored, not to meet (the
    /// partial index person_untriaged holds the first two).
    static let untriaged = """
        p.cadence IS NULL AND p.ignored = 0 AND p.want_to_meet = 0
        AND NOT EXISTS (SELECT 1 FROM person_tag t JOIN circle c ON c.name = t.tag WHERE t.person_id = p.id)
        """
}

/// Which people `listPeople` lists: those matching every condition given.
public struct PeopleFilter: Equatable, Sendable {
    /// Tagged so (a tag as stored: lower case).
    public var tag: String?
    /// With no cadence of their own (a circle's members who follow it).
    public var withoutCadence = false
    /// Waiting for a cadence: none of their own nor from a circle, not ignored, not to meet.
    public var untriaged = false
    public var ignored = false
    /// At this organization, ignoring case.
    public var organization: String?
    /// Only these (the people due now, from the schedule).
    public var ids: [Int64]?

    public init(ids: [Int64]? = nil) {
        self.ids = ids
    }
}
