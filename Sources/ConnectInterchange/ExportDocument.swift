/// Everything connectd keeps, as JSON (`connectctl export --format json`): people, their
/// interactions and follow-ups, the nudges, the prompts with their answers, and the circles. People are referred to by UID,
/// instants are UTC with milliseconds (`ExportTime`), and every list is in a fixed order, so an
/// export imported into an empty daemon and exported again is the same text.
public struct ExportDocument: Codable, Equatable, Sendable {
    public static let formatName = "connectd-export"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// When connectd first ran on this state (weekly prompts count from there).
    public var promptEpoch: String?
    public var people: [ExportedPerson]
    public var interactions: [ExportedInteraction]
    public var nudges: [ExportedNudge]
    public var prompts: [ExportedPrompt]
    /// Absent in exports written before follow-ups existed.
    public var followUps: [ExportedFollowUp]?
    /// Absent in exports written before circles existed.
    public var circles: [ExportedCircle]?
    /// Absent in exports written before planned catch-ups existed.
    public var plans: [ExportedPlan]?

    public init(promptEpoch: String?, people: [ExportedPerson], interactions: [ExportedInteraction], nudges: [ExportedNudge],
                prompts: [ExportedPrompt], followUps: [ExportedFollowUp] = [], circles: [ExportedCircle] = [], plans: [ExportedPlan] = []) {
        self.circles = circles
        self.plans = plans
        format = Self.formatName
        version = Self.currentVersion
        self.promptEpoch = promptEpoch
        self.people = people
        self.interactions = interactions
        self.nudges = nudges
        self.prompts = prompts
        self.followUps = followUps
    }
}

public struct ExportedContactPoint: Codable, Equatable, Sendable {
    public var value: String
    public var types: [String]?
    public var label: String?

    public init(value: String, types: [String]?, label: String?) {
        self.value = value
        self.types = types
        self.label = label
    }
}

public struct ExportedPerson: Codable, Equatable, Sendable {
    public var uid: String
    public var name: String
    public var cadence: String?
    public var met: String?
    public var into: String?
    public var notes: String?
    public var tags: [String]
    public var links: [String]
    public var emails: [ExportedContactPoint]
    public var phones: [ExportedContactPoint]
    public var organization: String?
    public var title: String?
    public var birthday: String?
    public var addedAt: String
    public var dueOverride: String?
    public var ignored: Bool
    public var news: String?
    /// Someone not met yet (absent when false, and in older exports).
    public var wantToMeet: Bool?
    public var found: String?
    /// Lines of their card connectd does not use (absent when none, and in older exports).
    public var cardExtras: [String]?
    /// Anniversaries and other dates (absent when none, and in older exports).
    public var dates: [ExportedDate]?
    /// Family and friends (absent when none, and in older exports).
    public var related: [ExportedRelation]?
    /// The zone they live in (absent when not known, and in older exports).
    public var timeZone: String?
    /// Their feed (absent when none, and in older exports).
    public var feed: String?

    public init(uid: String, name: String, cadence: String?, met: String?, into: String?, notes: String?, tags: [String], links: [String],
                emails: [ExportedContactPoint], phones: [ExportedContactPoint], organization: String?, title: String?, birthday: String?,
                addedAt: String, dueOverride: String?, ignored: Bool, news: String?, wantToMeet: Bool? = nil, found: String? = nil,
                cardExtras: [String]? = nil, dates: [ExportedDate]? = nil, related: [ExportedRelation]? = nil, timeZone: String? = nil, feed: String? = nil) {
        self.feed = feed
        self.dates = dates
        self.related = related
        self.timeZone = timeZone
        self.cardExtras = cardExtras
        self.wantToMeet = wantToMeet
        self.found = found
        self.uid = uid
        self.name = name
        self.cadence = cadence
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
        self.addedAt = addedAt
        self.dueOverride = dueOverride
        self.ignored = ignored
        self.news = news
    }
}

/// An important date: its label and the date (1990-05-17, or --05-17 without the year).
public struct ExportedDate: Codable, Equatable, Sendable {
    public var label: String
    public var date: String

    public init(label: String, date: String) {
        self.label = label
        self.date = date
    }
}

/// A relationship: the other one's name, its type, and their UID when they are in connectd.
public struct ExportedRelation: Codable, Equatable, Sendable {
    public var name: String
    public var type: String
    public var uid: String?

    public init(name: String, type: String, uid: String?) {
        self.name = name
        self.type = type
        self.uid = uid
    }
}

public struct ExportedInteraction: Codable, Equatable, Sendable {
    /// The person's UID.
    public var person: String
    public var kind: String
    public var at: String
    public var note: String?
    public var loggedAt: String
    /// The UIDs of the others who were there; absent when it was the person alone (and in
    /// exports written before interactions could have several people).
    public var with: [String]?

    public init(person: String, kind: String, at: String, note: String?, loggedAt: String, with: [String]? = nil) {
        self.person = person
        self.kind = kind
        self.at = at
        self.note = note
        self.loggedAt = loggedAt
        self.with = with
    }
}

public struct ExportedNudge: Codable, Equatable, Sendable {
    public var person: String
    public var dueSince: String
    public var plannedAt: String
    public var deliveredAt: String
    public var announcedAt: String?
    public var late: Bool
    public var status: String
    public var closedAt: String?
    public var rule: String
    public var timeZone: String

    public init(person: String, dueSince: String, plannedAt: String, deliveredAt: String, announcedAt: String?, late: Bool, status: String,
                closedAt: String?, rule: String, timeZone: String) {
        self.person = person
        self.dueSince = dueSince
        self.plannedAt = plannedAt
        self.deliveredAt = deliveredAt
        self.announcedAt = announcedAt
        self.late = late
        self.status = status
        self.closedAt = closedAt
        self.rule = rule
        self.timeZone = timeZone
    }
}

/// Something the user said they would do next time (`log --next`), open or closed.
public struct ExportedFollowUp: Codable, Equatable, Sendable {
    /// The person's UID.
    public var person: String
    public var text: String
    public var createdAt: String
    public var closedAt: String?

    public init(person: String, text: String, createdAt: String, closedAt: String?) {
        self.person = person
        self.text = text
        self.createdAt = createdAt
        self.closedAt = closedAt
    }
}

/// A catch-up planned (`connectctl plan`), open, happened or cancelled.
public struct ExportedPlan: Codable, Equatable, Sendable {
    public var uid: String
    /// The person's UID.
    public var person: String
    public var kind: String
    public var startsAt: String
    public var endsAt: String
    public var place: String?
    public var note: String?
    /// planned, happened or cancelled.
    public var state: String
    /// When connectd asked whether it happened.
    public var askedAt: String?

    public init(uid: String, person: String, kind: String, startsAt: String, endsAt: String, place: String?, note: String?, state: String,
                askedAt: String?) {
        self.uid = uid
        self.person = person
        self.kind = kind
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.note = note
        self.state = state
        self.askedAt = askedAt
    }
}

/// A circle: everyone tagged `name` keeps in touch `every`, overdue past `atMost`.
public struct ExportedCircle: Codable, Equatable, Sendable {
    public var name: String
    public var every: String
    public var atMost: String?
    public var revisedAt: String

    public init(name: String, every: String, atMost: String?, revisedAt: String) {
        self.name = name
        self.every = every
        self.atMost = atMost
        self.revisedAt = revisedAt
    }
}

public struct ExportedReflection: Codable, Equatable, Sendable {
    public var answer: String
    public var answeredAt: String

    public init(answer: String, answeredAt: String) {
        self.answer = answer
        self.answeredAt = answeredAt
    }
}

public struct ExportedPrompt: Codable, Equatable, Sendable {
    public var promptId: String
    public var text: String
    public var slot: String
    public var deliveredAt: String
    public var announcedAt: String?
    public var seenAt: String?
    public var late: Bool
    public var rule: String
    public var timeZone: String
    public var reflections: [ExportedReflection]

    public init(promptId: String, text: String, slot: String, deliveredAt: String, announcedAt: String?, seenAt: String?, late: Bool,
                rule: String, timeZone: String, reflections: [ExportedReflection]) {
        self.promptId = promptId
        self.text = text
        self.slot = slot
        self.deliveredAt = deliveredAt
        self.announcedAt = announcedAt
        self.seenAt = seenAt
        self.late = late
        self.rule = rule
        self.timeZone = timeZone
        self.reflections = reflections
    }
}

/// One page of the JSON export as the daemon sends it; the client puts the pages together into
/// one `ExportDocument`. The prompts, the circles and the epoch come with the first page only.
public struct ExportPage: Codable, Equatable, Sendable {
    /// On the first page: the document's format name and version.
    public var format: String?
    public var version: Int?
    public var promptEpoch: String?
    public var people: [ExportedPerson]
    public var interactions: [ExportedInteraction]
    public var nudges: [ExportedNudge]
    public var prompts: [ExportedPrompt]
    public var followUps: [ExportedFollowUp]
    public var circles: [ExportedCircle]
    public var plans: [ExportedPlan]
    /// Where the next page starts; nil after the last.
    public var next: Int64?

    public init(people: [ExportedPerson], interactions: [ExportedInteraction], nudges: [ExportedNudge], prompts: [ExportedPrompt],
                followUps: [ExportedFollowUp], circles: [ExportedCircle], plans: [ExportedPlan], promptEpoch: String?, next: Int64?, first: Bool) {
        self.followUps = followUps
        self.plans = plans
        self.circles = circles
        format = first ? ExportDocument.formatName : nil
        version = first ? ExportDocument.currentVersion : nil
        self.people = people
        self.interactions = interactions
        self.nudges = nudges
        self.prompts = prompts
        self.promptEpoch = promptEpoch
        self.next = next
    }
}

extension ExportDocument {
    /// The document the pages make, in the order they came.
    public init(pages: [ExportPage]) {
        self.init(promptEpoch: pages.first?.promptEpoch, people: pages.flatMap(\.people), interactions: pages.flatMap(\.interactions),
                  nudges: pages.flatMap(\.nudges), prompts: pages.flatMap(\.prompts), followUps: pages.flatMap(\.followUps),
                  circles: pages.flatMap(\.circles), plans: pages.flatMap(\.plans))
    }
}
