import ConnectCore
import ConnectProtocol

/// `io.connectd.Due`: who is due or overdue now, most overdue first.
struct DueHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> PeopleReply {
        let now = context.clock()
        return try context.store.read { session in
            let due = try context.schedulerState(session, now: now).candidates
                .filter { $0.dueAt(calendar: context.calendar) <= now }
                .sorted(by: SchedulerState.Candidate.mostOverdueFirst(now: now))
            return PeopleReply(people: try due.compactMap { status in
                guard let person = try session.person(id: status.personID) else { return nil }
                return context.info(person, lastContact: try session.interactions(personID: person.id, limit: 1).first, now: now)
            })
        }
    }
}
