import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.LogInteraction`: records that the user connected with someone.
struct LogInteractionHandler: MethodHandler {
    static let writes = true

    func handle(_ p: LogInteractionParameters, in context: RequestContext) throws -> LogInteractionReply {
        let kind = try parameter("kind") { () throws(CoreError) in try InteractionKind.parse(p.kind, extra: context.runtime.config.extraKinds) }
        let at = try parameter("at") { () throws(CoreError) in try WhenParser.parse(p.at ?? "now", now: context.now, calendar: context.workspace.calendar) }
        let note = try parameter("note") { () throws(CoreError) in try Person.optionalText(p.note, .note) }
        let (next, closes) = try followUpParameters(next: p.next, closes: p.closes)
        let named = p.with ?? []
        guard named.count < InteractionLog.maxPeople else { throw ServiceError.tooManyPeople(named.count + 1, most: InteractionLog.maxPeople) }
        let others = try named.map { name in
            do { return try context.person(name) } catch CoreError.personNotFound {
                // `connectctl log ada hike grace` where hike is your own kind: connectctl took hike for a person.
                guard (try? InteractionKind.parse(name, extra: context.runtime.config.extraKinds)) != nil else { throw CoreError.personNotFound(name) }
                throw ParameterError(name: "with", message: "\(CoreError.quote(name)) is a kind, not one of your people: with a kind of your own, "
                                     + "name the others with --with (connectctl log \(p.person) \(name) --with NAME).")
            }
        }
        let logged = try InteractionLog.log(try context.person(p.person), with: others, kind: kind, at: at, note: note, next: next, closes: closes,
                                            in: context.workspace)
        let wire = context.wire
        return LogInteractionReply(interaction: wire.interaction(logged.interaction, personName: logged.person.person.name),
                                   person: wire.person(logged.person), with: logged.others.isEmpty ? nil : logged.others.map(wire.person),
                                   followUps: wire.followUps(logged.openFollowUps, personName: logged.person.person.name),
                                   closedFollowUps: logged.closedFollowUps)
    }
}

/// `next` and `closes` of LogInteraction and Done, checked: at most 20 of each, texts by the
/// follow-up rules, numbers from 1.
func followUpParameters(next: [String]?, closes: [Int]?) throws -> (next: [String], closes: [Int]) {
    guard (next ?? []).count <= 20 else { throw ParameterError(name: "next", message: "At most 20 follow-ups at a time.") }
    let texts = try parameter("next") { () throws(CoreError) -> [String] in
        var texts: [String] = []
        for text in next ?? [] { if let checked = try Person.optionalText(text, .followUp) { texts.append(checked) } }
        return texts
    }
    let numbers = closes ?? []
    guard numbers.count <= 20, numbers.allSatisfy({ $0 >= 1 }) else {
        throw ParameterError(name: "closes", message: "'closes' takes the numbers of open follow-ups as 'connectctl show' lists them: 1, 2, ...")
    }
    return (texts, numbers)
}
