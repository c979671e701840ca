import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.AddFollowUp`: something to do next time with a person, without an interaction.
struct AddFollowUpHandler: MethodHandler {
    static let writes = true

    func handle(_ p: AddFollowUpParameters, in context: RequestContext) throws -> AddFollowUpReply {
        let text = try parameter("text") { () throws(CoreError) in try Person.optionalText(p.text, .followUp) }
        guard let text else { throw ParameterError(name: "text", message: "A follow-up needs words: say what to do next time, like \"ask about her move\".") }
        let person = try context.person(p.person)
        let open = try FollowUps.add(text, to: person, in: context.workspace)
        let listed = context.wire.followUps(open, personName: person.name)
        guard let added = listed.last else { throw ParameterError(name: "text", message: "The follow-up could not be added.") }
        return AddFollowUpReply(followUp: added, followUps: listed)
    }
}
