/// An e-mail address or phone number with its kinds ("work", "cell", "pref") and label.
public struct ContactPointInfo: Codable, Equatable, Sendable {
    public var value: String
    public var types: [String]
    public var label: String?

    public init(value: String, types: [String] = [], label: String? = nil) {
        self.value = value
        self.types = types
        self.label = label
    }
}

/// A person as it crosses the socket (see `type Person` in the interface description).
public struct PersonInfo: Codable, Equatable, Sendable {
    public var id: Int64
    public var uid: String
    public var name: String
    /// Nil until a cadence is chosen (an imported person waiting for triage).
    public var cadence: String?
    public var cadenceText: String
    public var met: String?
    public var into: String?
    public var notes: String?
    public var tags: [String]
    public var links: [String]
    public var emails: [ContactPointInfo]
    public var phones: [ContactPointInfo]
    public var organization: String?
    public var title: String?
    public var birthday: String?
    public var ignored: Bool
    public var news: String?
    public var addedAt: String
    public var lastContact: String?
    public var lastKind: String?
    /// Nil when not scheduled (no cadence, or ignored).
    public var nextDue: String?
    public var overdueRatio: Double
    public var due: Bool
    /// Someone to meet, not contacted yet, and where they were found.
    public var wantToMeet: Bool
    public var found: String?

    public init(
        id: Int64, uid: String, name: String, cadence: String?, cadenceText: String, met: String?, into: String?, notes: String?,
        tags: [String], links: [String], emails: [ContactPointInfo], phones: [ContactPointInfo], organization: String?, title: String?,
        birthday: String?, ignored: Bool, news: String?, addedAt: String, lastContact: String?, lastKind: String?, nextDue: String?,
        overdueRatio: Double, due: Bool, wantToMeet: Bool = false, found: String? = nil
    ) {
        self.wantToMeet = wantToMeet
        self.found = found
        self.id = id
        self.uid = uid
        self.name = name
        self.cadence = cadence
        self.cadenceText = cadenceText
        self.met = met
        self.into = into
        self.notes = notes
        self.tags = tags
        self.links = links
        self.emails = emails
        self.phones = phones
        self.organization = organization
        self.title = title
        self.birthday = birthday
        self.ignored = ignored
        self.news = news
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
    public var emails: [String]?
    public var phones: [String]?
    public var organization: String?
    public var title: String?
    public var birthday: String?
    /// Someone you have not contacted yet: nudged for a first contact, not on a cadence.
    public var wantToMeet: Bool?
    public var found: String?

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
    /// Replace every address (number) with these.
    public var emails: [String]?
    public var phones: [String]?
    /// Add or remove single addresses (numbers).
    public var addEmails: [String]?
    public var removeEmails: [String]?
    public var addPhones: [String]?
    public var removePhones: [String]?
    public var organization: String?
    public var title: String?
    public var birthday: String?
    public var ignored: Bool?
    /// "now": due at once; "cadence": back on their cadence (a snooze or skip undone).
    public var due: String?
    public var wantToMeet: Bool?
    public var found: String?

    public init(person: String) {
        self.person = person
    }
}

/// Parameters of SetCadence: everyone with `tag` gets the cadence `every`.
public struct SetCadenceParameters: Codable, Sendable {
    public var tag: String
    public var every: String

    public init(tag: String, every: String) {
        self.tag = tag
        self.every = every
    }
}

public struct SetCadenceReply: Codable, Sendable {
    public var changed: Int
    public init(changed: Int) { self.changed = changed }
}

public struct TriageParameters: Codable, Sendable {
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

/// The people waiting for a cadence (oldest first) and how many there are in all.
public struct TriageReply: Codable, Sendable {
    public var people: [PersonInfo]
    public var remaining: Int
    public init(people: [PersonInfo], remaining: Int) {
        self.people = people
        self.remaining = remaining
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
    /// E-mail addresses and phone numbers that replacing them took away.
    public var dropped: [String]
    public init(person: PersonInfo, changed: [String], dropped: [String] = []) {
        self.person = person
        self.changed = changed
        self.dropped = dropped
    }
}

/// Reply of Due: who is due, and what the cadences ask of the daily budget.
/// `Due(limit)`: how many of the most overdue to list (the daemon's default is 50): with
/// 100,000 people, tens of thousands can be due at once.
public struct DueParameters: Codable, Sendable {
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

public struct DueReply: Codable, Sendable {
    public var people: [PersonInfo]
    /// How many are due in all (`people` holds the most overdue of them).
    public var total: Int
    public var catchUpsPerDay: Double
    public var dailyBudget: Int
    /// Birthdays from today to a week ahead.
    public var birthdays: [BirthdayInfo]
    public init(people: [PersonInfo], total: Int? = nil, catchUpsPerDay: Double, dailyBudget: Int, birthdays: [BirthdayInfo] = []) {
        self.people = people
        self.total = total ?? people.count
        self.catchUpsPerDay = catchUpsPerDay
        self.dailyBudget = dailyBudget
        self.birthdays = birthdays
    }
}

/// A birthday coming up (`type Birthday`): the day (YYYY-MM-DD) and the age then, when the year is known.
public struct BirthdayInfo: Codable, Equatable, Sendable {
    public var personId: Int64
    public var name: String
    public var date: String
    public var age: Int?

    public init(personId: Int64, name: String, date: String, age: Int?) {
        self.personId = personId
        self.name = name
        self.date = date
        self.age = age
    }
}

public struct PeopleReply: Codable, Sendable {
    public var people: [PersonInfo]
    public init(people: [PersonInfo]) { self.people = people }
}

public struct ShowPersonReply: Codable, Sendable {
    public var person: PersonInfo
    public var interactions: [InteractionInfo]
    /// Their open follow-ups, oldest first.
    public var followUps: [FollowUpInfo]
    public init(person: PersonInfo, interactions: [InteractionInfo], followUps: [FollowUpInfo] = []) {
        self.person = person
        self.interactions = interactions
        self.followUps = followUps
    }
}

/// Someone removed, waiting in the trash until `purgeAt`.
public struct TrashItemInfo: Codable, Equatable, Sendable {
    /// The id the person had, and gets back when restored (`restore #N`).
    public var id: Int64
    public var name: String
    public var removedAt: String
    public var purgeAt: String
    public var interactions: Int

    public init(id: Int64, name: String, removedAt: String, purgeAt: String, interactions: Int) {
        self.id = id
        self.name = name
        self.removedAt = removedAt
        self.purgeAt = purgeAt
        self.interactions = interactions
    }
}

public struct TrashReply: Codable, Sendable {
    public var people: [TrashItemInfo]
    public init(people: [TrashItemInfo]) { self.people = people }
}

/// Parameters of Restore: who to bring back from the trash.
public struct RestoreParameters: Codable, Sendable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// Parameters of MergePeople: `from` is merged into `into`.
public struct MergePeopleParameters: Codable, Sendable {
    public var into: String
    public var from: String
    public init(into: String, from: String) {
        self.into = into
        self.from = from
    }
}

public struct MergePeopleReply: Codable, Sendable {
    public var person: PersonInfo
    /// The interactions that moved.
    public var interactions: Int
    /// The fields of `into` that changed (what `from` added or filled).
    public var changed: [String]
    public init(person: PersonInfo, interactions: Int, changed: [String]) {
        self.person = person
        self.interactions = interactions
        self.changed = changed
    }
}
