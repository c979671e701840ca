import ConnectCore
import ConnectStore
import Foundation

/// A person and where they stand at one instant: what replies and texts show.
public struct PersonView: Sendable {
    public let person: Person
    public let last: LastContact?
    /// Nil when the person is not scheduled.
    public let nextDue: Date?
    public let isDue: Bool
    /// Time since the last contact over the cadence (1.0: due now).
    public let overdueRatio: Double
    /// The circle whose cadence they follow (they have none of their own).
    public let circle: String?
    /// Their own cadence, or their circle's.
    public let cadence: Cadence?
    /// Now where they live, when their zone is known.
    public let theirTime: TheirTime?
    /// The people in connectd their relationships point to, by UID (gone ones are absent).
    public var relatedIDs: [String: Int64] = [:]

    init(person: Person, last: LastContact?, entry: ScheduleEntry?, circle: String?, dueAt: Date?, now: Date) {
        self.person = person
        self.last = last
        self.circle = circle
        cadence = person.cadence ?? (circle != nil ? entry?.cadence : nil)
        nextDue = dueAt
        isDue = dueAt.map { $0 <= now } ?? false
        overdueRatio = entry?.overdueRatio(now: now) ?? 0
        theirTime = person.timeZone.flatMap(Zones.calendar).map { TheirTime(calendar: $0, now: now) }
    }
}

/// An interaction that was just logged, and what it changed.
public struct LoggedInteraction: Sendable {
    public let interaction: Interaction
    public let person: PersonView
    /// The others who were there, as they are after it.
    public var others: [PersonView] = []
    public let closedNudges: Int
    /// The texts of the follow-ups this log closed (so the user sees which).
    public var closedFollowUps: [String]
    /// The person's open follow-ups after this log, oldest first.
    public var openFollowUps: [FollowUp]
}

/// Snooze or skip: when the person is due now, and whether anything changed.
public struct Postponed: Sendable {
    public let person: PersonView
    /// The new due instant, or the unchanged one when nothing needed doing.
    public let until: Date
    public let changed: Bool
    public let closedNudges: Int
}

/// A person's changes as asked: the fields that really changed (empty: nothing did).
public struct EditedPerson: Sendable {
    public let person: PersonView
    public let changedFields: [String]
    /// E-mail addresses and phone numbers a replacement took away.
    public var dropped: [String] = []
}
