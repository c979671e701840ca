import Foundation

/// Where one person stands: when they were last contacted, when they are next due, how overdue.
public struct DueStatus: Equatable, Sendable {
    public let personID: Int64
    /// The instant the cadence counts from: the last interaction, or when the person was added.
    public let anchor: Date
    public let nextDue: Date
    /// Time since the anchor divided by the cadence: 1.0 means exactly due, 2.0 twice as long as wanted.
    public let overdueRatio: Double
    public let isDue: Bool

    /// Computes the status at `now`; `lastContact` is the latest interaction, if any.
    public init(person: Person, lastContact: Date?, now: Date, calendar: Calendar) {
        self.init(DueInput(personID: person.id, cadence: person.cadence, addedAt: person.addedAt, lastContact: lastContact,
                           dueOverride: person.dueOverride),
                  now: now, calendar: calendar)
    }

    public init(_ input: DueInput, now: Date, calendar: Calendar) {
        personID = input.personID
        anchor = input.lastContact ?? input.addedAt
        nextDue = input.dueOverride ?? input.cadence.next(after: anchor, calendar: calendar)
        overdueRatio = now.timeIntervalSince(anchor) / input.cadence.nominalSeconds
        isDue = nextDue <= now
    }

    /// Most overdue first; equal ratios keep a stable order by person id.
    public static func mostOverdueFirst(_ a: DueStatus, _ b: DueStatus) -> Bool {
        a.overdueRatio != b.overdueRatio ? a.overdueRatio > b.overdueRatio : a.personID < b.personID
    }
}

/// The few facts about a person that decide when they are due.
public struct DueInput: Equatable, Sendable {
    public let personID: Int64
    public let cadence: Cadence
    public let addedAt: Date
    public let lastContact: Date?
    public let dueOverride: Date?

    public init(personID: Int64, cadence: Cadence, addedAt: Date, lastContact: Date?, dueOverride: Date? = nil) {
        self.dueOverride = dueOverride
        self.personID = personID
        self.cadence = cadence
        self.addedAt = addedAt
        self.lastContact = lastContact
    }
}
