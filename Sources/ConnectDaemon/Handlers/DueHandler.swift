import ConnectCore
import ConnectProtocol

/// `io.connectd.Due`: who is due or overdue now, most overdue first.
struct DueHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> PeopleReply {
        let now = context.clock()
        return try context.store.read { session in
            let last = try session.lastInteractions()
            let people = try session.people()
            let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
            let due = people
                .map { DueStatus(person: $0, lastContact: last[$0.id]?.at, now: now, calendar: context.calendar) }
                .filter(\.isDue)
                .sorted(by: DueStatus.mostOverdueFirst)
            return PeopleReply(people: due.map { context.info(byID[$0.personID]!, lastContact: last[$0.personID], now: now) })
        }
    }
}
