import ConnectProtocol

/// `io.connectd.Skip`: skip this cycle; next due one cadence from now.
struct SkipHandler: MethodHandler {
    func handle(_ parameters: PersonQuery, in context: DaemonContext) throws -> PostponeReply {
        try Postponer.postpone(query: parameters.person, status: .skipped, event: .nudgeSkipped, in: context) { person, now in
            person.cadence.next(after: now, calendar: context.calendar)
        }
    }
}
