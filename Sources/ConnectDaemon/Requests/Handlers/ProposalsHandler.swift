import ConnectProtocol
import ConnectServices
import ConnectStore

/// `io.connectd.Proposals`: the open proposals, oldest first, a page of them.
struct ProposalsHandler: MethodHandler {
    func handle(_ p: ProposalsParameters, in context: RequestContext) throws -> ProposalsReply {
        let limit = try limitParameter(p.limit, default: 100)
        let open = try context.workspace.session.openProposals(limit: limit)
        return ProposalsReply(proposals: open.items.map { context.wire.proposal($0.proposal, name: $0.name) }, total: open.total)
    }
}

/// `io.connectd.AcceptProposals`: each accepted proposal is logged at the moment of its mail
/// (unless that day has an interaction already).
struct AcceptProposalsHandler: MethodHandler {
    static let writes = true
    /// At most this many a call (each logs an interaction): the loop serves others between calls.
    static let perCall = 100

    func handle(_ p: AcceptProposalsParameters, in context: RequestContext) throws -> AcceptProposalsReply {
        let ws = context.workspace
        let ids: [Int64]
        if p.all == true {
            guard p.ids?.isEmpty != false else { throw ParameterError(name: "all", message: "Give either 'all' or 'ids', not both.") }
            // "all" counts contacts; people to add are accepted one by one.
            ids = try ws.session.openContactProposalIDs(limit: Self.perCall)
        } else {
            guard let given = p.ids, !given.isEmpty else {
                throw ParameterError(name: "ids", message: "Name the proposals to accept by their numbers from 'connectctl proposals', or all.")
            }
            var seen = Set<Int>()
            ids = given.filter { seen.insert($0).inserted }.map { Int64($0) }
            guard ids.count <= Self.perCall else { throw ParameterError(name: "ids", message: "At most \(Self.perCall) at a time (or all, a hundred a call).") }
        }
        var accepted: [ProposalInfo] = []
        var settled = Set<Int64>()
        // A proposal accepted with another of its meeting (one interaction for both) is settled already.
        for id in ids where !settled.contains(id) {
            for (proposal, person) in try Detecting.accept(id, in: ws).settled
            where settled.insert(proposal.id).inserted {
                accepted.append(context.wire.proposal(proposal, person: person))
            }
        }
        return AcceptProposalsReply(accepted: accepted, remaining: try ws.session.openProposals(limit: 0).total)
    }
}

/// `io.connectd.DismissProposals`: dismissed, and with `never` their addresses never again.
struct DismissProposalsHandler: MethodHandler {
    static let writes = true

    func handle(_ p: DismissProposalsParameters, in context: RequestContext) throws -> DismissProposalsReply {
        let ids: [Int]
        if p.all == true {
            guard p.ids?.isEmpty != false else { throw ParameterError(name: "all", message: "Give either 'all' or 'ids', not both.") }
            ids = try context.workspace.session.openProposals(limit: 1000).items.map { Int($0.proposal.id) }
        } else {
            guard let given = p.ids, !given.isEmpty, given.count <= 1000 else {
                throw ParameterError(name: "ids", message: "Name 1 to 1,000 proposals by their numbers from 'connectctl proposals', or all.")
            }
            ids = given
        }
        var dismissed: [ProposalInfo] = []
        for id in Set(ids).sorted() {
            let proposal = try Detecting.dismiss(Int64(id), never: p.never == true, in: context.workspace)
            let person = try proposal.personID.flatMap { try context.workspace.session.person(id: $0) }
            dismissed.append(context.wire.proposal(proposal, name: person?.name ?? proposal.address))
        }
        return DismissProposalsReply(dismissed: dismissed)
    }
}
