import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.Due`: who is due or overdue now, most overdue first, the first `limit` of them;
/// birthdays and plans of the coming week.
struct DueHandler: MethodHandler {
    func handle(_ p: DueParameters, in context: RequestContext) throws -> DueReply {
        let limit = try limitParameter(p.limit, default: 50)
        let wire = context.wire
        let ws = context.workspace
        let birthdays = try People.upcomingOccasions(days: 7, in: ws).flatMap { item in
            Occasion.of(item.person, on: item.day).map { occasion in
                BirthdayInfo(personId: item.person.id, name: item.person.name, date: item.day.description,
                             age: occasion.date.year.map { item.day.year - $0 }, label: occasion.label)
            }
        }
        let due = try People.due(limit: limit, in: ws)
        return DueReply(people: due.people.map(wire.person), total: due.total, catchUpsPerDay: (ws.live.schedule.catchUpsPerDay * 100).rounded() / 100,
                        dailyBudget: ws.settings.rules.dailyBudget, birthdays: birthdays,
                        planned: try Planning.coming(days: 7, limit: 20, in: ws).map { wire.plan($0.plan, person: $0.name) })
    }
}
