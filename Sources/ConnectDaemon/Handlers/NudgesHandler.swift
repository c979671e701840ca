import ConnectCore
import ConnectProtocol
import ConnectStore

/// `io.connectd.Nudges`: open nudges, recent ones, and who is expected next.
struct NudgesHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> NudgesReply {
        let now = context.clock()
        return try context.store.read { session in
            let open = try session.openNudges()
            let recent = try session.recentNudges(limit: 10)
            let state = try context.schedulerState(session, now: now)
            let upcoming = Scheduler.upcoming(state, now: now, calendar: context.calendar, rules: context.config.rules)
            var people: [Int64: Person] = [:]
            for id in Set(open.map(\.personID) + recent.map(\.personID) + upcoming.map(\.personID)) {
                people[id] = try session.person(id: id)
            }
            func info(_ record: NudgeRecord) throws -> NudgeInfo? {
                guard let person = people[record.personID] else { return nil }
                let last = try session.interactions(personID: person.id, limit: 1).first
                return NudgeInfo(
                    id: record.id, personId: person.id, personName: person.name,
                    dueSince: PersonPresenter.timestamp(record.dueSince), plannedAt: PersonPresenter.timestamp(record.plannedAt),
                    deliveredAt: PersonPresenter.timestamp(record.deliveredAt), late: record.late, status: record.status.rawValue,
                    closedAt: record.closedAt.map(PersonPresenter.timestamp), summary: NudgeText.summary(for: person),
                    body: NudgeText.body(for: person, last: last, late: record.late, calendar: context.calendar))
            }
            return NudgesReply(
                open: try open.compactMap(info), recent: try recent.compactMap(info),
                upcoming: upcoming.compactMap { item in
                    people[item.personID].map { UpcomingNudge(personId: $0.id, personName: $0.name, at: PersonPresenter.timestamp(item.at)) }
                })
        }
    }
}
