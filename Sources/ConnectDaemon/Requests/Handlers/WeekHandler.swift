import ConnectProtocol
import ConnectServices

/// `io.connectd.Week`: the week in review, as the Sunday prompt shows it.
struct WeekHandler: MethodHandler {
    func handle(_ p: WeekParameters, in context: RequestContext) throws -> WeekReply {
        let ws = context.workspace
        let review = try WeekReview.read(question: try WeekReview.currentQuestion(in: ws), in: ws)
        let wire = context.wire
        return WeekReply(
            from: wire.time(review.from), until: wire.time(review.until), connections: review.connections, people: review.people,
            byKind: review.byKind.map { KindCountInfo(kind: $0.kind.rawValue, count: $0.count, people: $0.people) },
            openFollowUps: review.openFollowUps,
            followUps: review.followUps.map {
                FollowUpInfo(number: $0.number, personId: $0.followUp.personID, personName: $0.personName, text: $0.followUp.text,
                             createdAt: wire.time($0.followUp.createdAt))
            },
            mostOverdue: review.mostOverdue.map { wire.overdue($0) }, streak: review.streak, question: review.question,
            openProposals: review.openProposals, planned: review.planned.map { wire.plan($0.plan, person: $0.name) }, text: WeekText.render(review, calendar: ws.calendar))
    }
}
