import ConnectProtocol
import ConnectServices

/// `io.connectd.Due`: who is due or overdue now, most overdue first.
struct DueHandler: MethodHandler {
    func handle(_ p: NoParameters, in context: RequestContext) throws -> DueReply {
        let wire = context.wire
        let ws = context.workspace
        let birthdays = try People.upcomingBirthdays(days: 7, in: ws).map { item in
            BirthdayInfo(personId: item.person.id, name: item.person.name, date: item.day.description,
                         age: item.person.birthday?.year.map { item.day.year - $0 })
        }
        return DueReply(people: try People.due(in: ws).map(wire.person), catchUpsPerDay: (ws.live.schedule.catchUpsPerDay * 100).rounded() / 100,
                        dailyBudget: ws.settings.rules.dailyBudget, birthdays: birthdays)
    }
}
