import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.Plan`: a catch-up arranged with someone, which holds their nudges until then.
struct PlanHandler: MethodHandler {
    static let writes = true

    func handle(_ p: PlanParameters, in context: RequestContext) throws -> PlanReply {
        let ws = context.workspace
        let kind = try parameter("kind") { () throws(CoreError) in try InteractionKind.parse(p.kind, extra: context.runtime.config.extraKinds) }
        let start = try parameter("when") { () throws(CoreError) in try PlanTimeParser.parse(p.when, now: context.now, calendar: ws.calendar, zone: context.zone) }
        let length = try parameter("length") { () throws(CoreError) -> Double in
            guard let text = p.length else { return PlannedCatchUp.defaultLength }
            let seconds = try Cadence.parseDuration(text).nominalSeconds
            guard seconds <= PlannedCatchUp.longestLength else { throw .planTooLong(text) }
            return seconds
        }
        let place = try parameter("place") { () throws(CoreError) in try Person.optionalText(p.place, .place) }
        let note = try parameter("note") { () throws(CoreError) in try Person.optionalText(p.note, .note) }
        let person = try context.person(p.person)
        let planned = try Planning.plan(person, kind: kind, at: start, length: length, place: place, note: note, in: ws)
        let wire = context.wire
        return PlanReply(plan: wire.plan(planned.plan, person: person.name), person: wire.person(planned.person))
    }
}
