import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// People in circles: everyone tagged `founders` keeps in touch at the circle's ideal cadence
/// (when a nudge may come) and, past its maximum, counts as overdue and goes first. A person's
/// own cadence wins; in several circles, the one with the shortest cadence counts. The schedule
/// reads circles through its projection: setting one here changes everyone tagged at once.
public enum Circles {
    public struct Listed: Sendable {
        public let circle: CircleRecord
        /// Tagged with the circle's name.
        public let members: Int
        /// Of those, the ones without a cadence of their own: they follow the circle.
        public let following: Int
    }

    /// Sets the circle `name` (a tag) to `every`, at most `atMost` (longer than `every`).
    public static func set(_ name: String, every: Cadence, atMost: Cadence?, in ws: Workspace) throws -> Listed {
        let tag = try Self.tag(name)
        if let atMost, atMost.nominalSeconds <= every.nominalSeconds {
            throw ServiceError.circleMaximumTooShort(every: every, atMost: atMost)
        }
        // Those it schedules for the first time (never in touch, nothing scheduled yet) start
        // spread over the cadence, as a first cadence of their own would: not all due on one day.
        let live = ws.live
        let starting = try ws.session.listPeople(tag: tag).filter { person, last in
            last == nil && person.cadence == nil && person.dueOverride == nil && !person.ignored && !person.wantToMeet && live.circle(of: person.id) == nil
        }
        // Whole seconds, as the card carries it: both machines compare the same instant.
        let revised = Date(timeIntervalSince1970: ws.now.timeIntervalSince1970.rounded(.down))
        try ws.session.setCircle(CircleRecord(name: tag, every: every, atMost: atMost, revisedAt: revised))
        var planner = SpreadPlanner(schedule: ws.live.schedule, now: ws.now, rules: ws.settings.rules)
        for (before, _) in starting {
            var person = before
            person.dueOverride = People.spreadStart(every, for: person, planner: &planner, now: ws.now)
            if person.dueOverride != nil { try ws.session.updatePerson(person, previous: before) }
        }
        return try listed(tag, in: ws)
    }

    /// Removes the circle `name`; its people keep their tag (and their own cadences).
    public static func remove(_ name: String, in ws: Workspace) throws {
        let tag = try Self.tag(name)
        guard try ws.session.deleteCircle(tag) else { throw ServiceError.noSuchCircle(tag) }
    }

    /// Everyone tagged `name` with a cadence of their own drops it and follows the circle. Returns how many.
    public static func follow(_ name: String, in ws: Workspace) throws -> Int {
        let tag = try Self.tag(name)
        guard try ws.session.circle(tag) != nil else { throw ServiceError.noSuchCircle(tag) }
        var count = 0
        for (before, _) in try ws.session.listPeople(tag: tag) where before.cadence != nil {
            var person = before
            person.cadence = nil
            person.revisedAt = ws.now
            try ws.session.updatePerson(person, previous: before)
            try People.expireOpenNudgeIfNotDue(person.id, in: ws)
            count += 1
        }
        return count
    }

    public static func list(in ws: Workspace) throws -> [Listed] {
        try ws.session.circles().map { Listed(circle: $0.circle, members: $0.members, following: $0.following) }
    }

    static func listed(_ name: String, in ws: Workspace) throws -> Listed {
        guard let found = try list(in: ws).first(where: { $0.circle.name == name }) else { throw ServiceError.noSuchCircle(name) }
        return found
    }

    /// A circle is named by its tag, as tags are written.
    static func tag(_ name: String) throws -> String {
        let tags = try Person.normalizedTags([name])
        guard tags.count == 1 else { throw ServiceError.invalidCircleName(name) }
        return tags[0]
    }

    /// Whether one of `tags` is a circle (then someone added with it needs no cadence of their own).
    static func anyCircle(_ tags: [String], in ws: Workspace) throws -> Bool {
        for tag in tags where try ws.session.circle(tag) != nil { return true }
        return false
    }

    // MARK: Through the vdir

    /// A circle's card from another machine: applied when newer than the circle here. Nobody's
    /// first due date is spread here: the machine that set the circle did, and its people's
    /// cards bring the dates.
    public static func apply(card: CircleCard, in ws: Workspace) throws -> Syncing.Outcome {
        guard let tag = try? tag(card.name), tag == card.name else { return .refused("'\(card.name)' is not a tag a circle can be named by") }
        guard let every = Cadence.canonical(card.every) else { return .refused("X-CONNECTD-CIRCLE-EVERY '\(card.every)' is not a cadence like 1m") }
        let atMost = card.atMost.flatMap(Cadence.canonical)
        if let text = card.atMost, atMost == nil { return .refused("X-CONNECTD-CIRCLE-AT-MOST '\(text)' is not a cadence like 6w") }
        if let atMost, atMost.nominalSeconds <= every.nominalSeconds { return .refused("the circle's maximum \(atMost) is not longer than its cadence \(every)") }
        let existing = try ws.session.circle(tag)
        // The newer wins; at the same second, the larger values, so that two machines agree.
        if let existing, (existing.revisedAt, existing.every.description, existing.atMost?.description ?? "")
            >= (card.revision, every.description, atMost?.description ?? "") { return .unchanged }
        try ws.session.setCircle(CircleRecord(name: tag, every: every, atMost: atMost, revisedAt: card.revision))
        return existing == nil ? .added : .updated
    }

    /// The card of a circle was removed from the vdir: so is the circle (its people keep the tag).
    public static func removeCard(uid: String, in ws: Workspace) throws -> Syncing.Outcome {
        guard uid.hasPrefix(ItemIdentity.circlePrefix) else { return .unchanged }
        return try ws.session.deleteCircle(String(uid.dropFirst(ItemIdentity.circlePrefix.count))) ? .removed : .unchanged
    }

    /// A circle's card as it is written: the circle and the UIDs of its people (up to the card's bound).
    public static func card(_ circle: CircleRecord, in session: StoreSession) throws -> CircleCard {
        CircleCard(name: circle.name, every: circle.every.description, atMost: circle.atMost?.description, revision: circle.revisedAt,
                   members: try session.circleMembers(circle.name, limit: CircleCard.maxMembers))
    }
}
