import ConnectCore
import ConnectStore
import Foundation

/// Open nudges, recent ones and who comes next: what `connectctl nudges` shows.
public struct NudgeOverview: Sendable {
    public struct Item: Sendable {
        public let record: NudgeRecord
        public let person: Person
        public let context: NudgeContext
    }

    public let open: [Item]
    public let recent: [Item]
    public let upcoming: [(person: Person, at: Date, firstContact: Bool)]

    /// Reads the records in a constant number of statements plus four per person with an open or
    /// recent nudge (what their nudge says); the upcoming list comes from memory.
    public static func read(recentLimit: Int = 10, in ws: Workspace) throws -> NudgeOverview {
        let open = try ws.session.openNudges()
        let recent = try ws.session.recentNudges(limit: recentLimit)
        let state = ws.live.scheduler
        let catchUps = Scheduler.upcoming(state, now: ws.now, rules: ws.settings.rules).map { (id: $0.personID, at: $0.at, firstContact: false) }
        // The next people to meet, when their first contact is expected (an estimate).
        let toMeet = state.schedule.peopleToMeet(limit: 3).compactMap { id in
            Scheduler.firstContactExpected(state, personID: id, now: ws.now, rules: ws.settings.rules).map { (id: id, at: $0, firstContact: true) }
        }
        let upcoming = (catchUps + toMeet).sorted { $0.at < $1.at }.prefix(10)
        let ids = Set(open.map(\.personID) + recent.map(\.personID) + upcoming.map(\.id))
        let people = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: ids).map { ($0.id, $0) })
        var contexts: [Int64: NudgeContext] = [:]
        for id in Set(open.map(\.personID) + recent.map(\.personID)) {
            if let person = people[id] { contexts[id] = try NudgeContext.load(person, in: ws) }
        }
        func items(_ records: [NudgeRecord]) -> [Item] {
            records.compactMap { record in
                people[record.personID].map { Item(record: record, person: $0, context: contexts[$0.id] ?? NudgeContext(last: nil)) }
            }
        }
        return NudgeOverview(open: items(open), recent: items(recent),
                             upcoming: upcoming.compactMap { item in people[item.id].map { ($0, item.at, item.firstContact) } })
    }
}
