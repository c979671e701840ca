import ConnectCore
import ConnectStore
import Foundation

/// One request's view of the state: the open database session and the in-memory state, changed
/// together, at one instant, under one set of settings. Services take one of these.
public struct Workspace {
    public let session: StoreSession
    private let state: LiveState
    public let now: Date
    public let settings: ServiceSettings
    let events: EventSink

    public init(session: StoreSession, live: LiveState, now: Date, settings: ServiceSettings) {
        self.session = session
        state = live
        self.now = now
        self.settings = settings
        events = EventSink()
    }

    public var calendar: LocalCalendar { settings.calendar }

    /// The in-memory state as SQLite has it now: what this request's statements touched is read
    /// again first (nothing is read when nothing was written).
    public var live: LiveState {
        state.catchUpOrMarkStale(session, now: now)
        return state
    }

    /// What the user should hear about after the commit.
    public var emitted: [DomainEvent] { events.events }

    func emit(_ event: DomainEvent) { events.events.append(event) }

    /// A person now; for someone to meet, "due" is their open first-contact nudge, or when it
    /// is expected.
    func view(_ person: Person, last: LastContact?) -> PersonView {
        let dueAt = person.wantToMeet && !person.ignored
            ? live.schedule[person.id]?.openNudgeSince ?? Scheduler.firstContactExpected(live.scheduler, personID: person.id, now: now, rules: settings.rules)
            : live.schedule.dueAt(person.id)
        let live = self.live
        var view = PersonView(person: person, last: last, entry: live.schedule[person.id], circle: live.circle(of: person.id), dueAt: dueAt, now: now)
        // Who their relationships point to now (an indexed lookup each; most people have none).
        for uid in Set(person.related.compactMap(\.uid)) { view.relatedIDs[uid] = try? session.personID(uid: uid) }
        return view
    }

    final class EventSink {
        var events: [DomainEvent] = []
    }
}

/// What the services need from the configuration.
public struct ServiceSettings: Sendable {
    public var calendar: LocalCalendar
    public var defaultCadence: Cadence
    public var rules: ScheduleRules
    public var prompts: PromptLibrary
    /// The rule text stored with each delivery, so a record says what made it.
    public var ruleDescription: String
    /// `[detect]`: whether what is found is proposed or logged, for contacts found outside a
    /// reading (the mails to someone you just added).
    public var detect = Detecting.Rules()

    public init(calendar: LocalCalendar, defaultCadence: Cadence, rules: ScheduleRules, prompts: PromptLibrary, ruleDescription: String) {
        self.calendar = calendar
        self.defaultCadence = defaultCadence
        self.rules = rules
        self.prompts = prompts
        self.ruleDescription = ruleDescription
    }
}
