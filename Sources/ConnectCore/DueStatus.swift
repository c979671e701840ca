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
        personID = person.id
        anchor = lastContact ?? person.addedAt
        nextDue = person.dueOverride ?? person.cadence.next(after: anchor, calendar: calendar)
        overdueRatio = now.timeIntervalSince(anchor) / person.cadence.nominalSeconds
        isDue = nextDue <= now
    }
}
