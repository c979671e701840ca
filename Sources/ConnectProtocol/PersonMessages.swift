/// A person as it crosses the socket (see `type Person` in the interface description).
public struct PersonInfo: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var cadence: String
    public var cadenceText: String
    public var met: String?
    public var into: String?
    public var notes: String?
    public var tags: [String]
    public var links: [String]
    public var addedAt: String
    public var lastContact: String?
    public var lastKind: String?
    public var nextDue: String
    public var overdueRatio: Double
    public var due: Bool

    public init(
        id: Int64, name: String, cadence: String, cadenceText: String, met: String?, into: String?, notes: String?,
        tags: [String], links: [String], addedAt: String, lastContact: String?, lastKind: String?, nextDue: String,
        overdueRatio: Double, due: Bool
    ) {
        self.id = id
        self.name = name
        self.cadence = cadence
        self.cadenceText = cadenceText
        self.met = met
        self.into = into
        self.notes = notes
        self.tags = tags
        self.links = links
        self.addedAt = addedAt
        self.lastContact = lastContact
        self.lastKind = lastKind
        self.nextDue = nextDue
        self.overdueRatio = overdueRatio
        self.due = due
    }
}

public struct AddPersonParameters: Codable, Sendable {
    public var name: String
    public var due: String?
    public var every: String?
    public var met: String?
    public var into: String?
    public var notes: String?
    public var tags: [String]?
    public var links: [String]?

    public init(name: String, every: String? = nil, met: String? = nil, into: String? = nil, notes: String? = nil,
                tags: [String]? = nil, links: [String]? = nil) {
        self.name = name
        self.every = every
        self.met = met
        self.into = into
        self.notes = notes
        self.tags = tags
        self.links = links
    }
}

public struct EditPersonParameters: Codable, Sendable {
    public var person: String
    public var name: String?
    public var every: String?
    public var met: String?
    public var into: String?
    public var notes: String?
    public var addTags: [String]?
    public var removeTags: [String]?
    public var links: [String]?

    public init(person: String) {
        self.person = person
    }
}

/// Parameters of the methods that name one person (RemovePerson, ShowPerson).
public struct PersonQuery: Codable, Sendable {
    public var person: String
    public var limit: Int?

    public init(person: String, limit: Int? = nil) {
        self.person = person
        self.limit = limit
    }
}

public struct ListPeopleParameters: Codable, Sendable {
    public var tag: String?
    public init(tag: String? = nil) { self.tag = tag }
}

public struct PersonReply: Codable, Sendable {
    public var person: PersonInfo
    public init(person: PersonInfo) { self.person = person }
}

/// Reply of EditPerson: the person, and which fields really changed (empty: nothing did).
public struct EditPersonReply: Codable, Sendable {
    public var person: PersonInfo
    public var changed: [String]
    public init(person: PersonInfo, changed: [String]) {
        self.person = person
        self.changed = changed
    }
}

public struct PeopleReply: Codable, Sendable {
    public var people: [PersonInfo]
    public init(people: [PersonInfo]) { self.people = people }
}

public struct ShowPersonReply: Codable, Sendable {
    public var person: PersonInfo
    public var interactions: [InteractionInfo]
    public init(person: PersonInfo, interactions: [InteractionInfo]) {
        self.person = person
        self.interactions = interactions
    }
}
