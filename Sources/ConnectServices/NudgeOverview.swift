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
    public let upcoming: [(person: Person, at: Date)]

    /// Reads the records in a constant number of statements plus four per person with an open or
    /// recent nudge (what their nudge says); the upcoming list comes from memory.
    public static func read(recentLimit: Int = 10, in ws: Workspace) throws -> NudgeOverview {
        let open = try ws.session.openNudges()
        let recent = try ws.session.recentNudges(limit: recentLimit)
        let upcoming = Scheduler.upcoming(ws.live.scheduler, now: ws.now, rules: ws.settings.rules)
        let ids = Set(open.map(\.personID) + recent.map(\.personID) + upcoming.map(\.personID))
        let people = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: ids).map { ($0.id, $0) })
        var contexts: [Int64: NudgeContext] = [:]
        for id in Set(open.map(\.personID) + recent.map(\.personID)) {
            if let person = people[id] { contexts[id] = try NudgeContext.load(person, in: ws.session) }
        }
        func items(_ records: [NudgeRecord]) -> [Item] {
            records.compactMap { record in
                people[record.personID].map { Item(record: record, person: $0, context: contexts[$0.id] ?? NudgeContext(last: nil)) }
            }
        }
        return NudgeOverview(open: items(open), recent: items(recent),
                             upcoming: upcoming.compactMap { item in people[item.personID].map { ($0, item.at) } })
    }
}
