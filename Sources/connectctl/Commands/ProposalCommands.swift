import ArgumentParser
import ConnectClient
import ConnectProtocol

/// Contacts found in what you sent (`[detect]` in the config), offered as "log it?": `detect`
/// reads the sources now, `proposals` lists them, `accept` logs them, `dismiss` drops them.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Read the [detect] sources now (msmtp's log) for contacts to propose.",
        discussion: "connectd also reads them every 5 minutes. A notmuch post-new hook can call this.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.detect, DetectParameters()) { (reply: DetectReply, _) in
            if reply.problem == "no source is configured" {
                return "No source to read: set [detect] msmtp_log = \"~/.msmtp.log\" in connectd's config.toml, then reload it."
            }
            var text = "Read \(reply.mails == 1 ? "1 mail" : "\(reply.mails) mails") sent since the last reading: "
                + "\(reply.proposed) proposed, \(reply.logged) logged."
            if reply.tooMany > 0 { text += " \(reply.tooMany) to more than [detect] max_recipients people left alone." }
            if reply.proposed > 0 { text += "\nSee them: connectctl proposals" }
            if let problem = reply.problem { text += "\nNot everything could be read: \(TerminalText.safe(problem))." }
            return text
        }
    }
}

struct ProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals", abstract: "Contacts found in what you sent (count them as catch-ups?) and people you often write to (add them?).")

    @Option(help: "At most this many (the oldest first).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.proposals, ProposalsParameters(limit: limit)) { (reply: ProposalsReply, time) in
            guard !reply.proposals.isEmpty else { return "No proposals. ([detect] in connectd's config says which sources are read.)" }
            var table = TextTable(header: ["#", "WHO", "WHAT", "WHEN", "TO"])
            for proposal in reply.proposals {
                // Someone nobody in connectd has the address of: add them?
                let seen = proposal.seen ?? 0
                let what = proposal.newPerson == true ? "add? (\(seen) \(proposal.kind == "meeting" ? "meeting" : "mail")\(seen == 1 ? "" : "s"))" : proposal.kind
                table.add([String(proposal.id), TerminalText.safe(proposal.person), what, time.local(proposal.at), TerminalText.safe(proposal.address)])
            }
            let more = reply.total > reply.proposals.count ? "\n… and \(reply.total - reply.proposals.count) more." : ""
            let first = reply.proposals[0].id
            return table.render() + more + "\nCount them: connectctl accept \(first) (or all); not these: connectctl dismiss \(first) [--never]"
        }
    }
}

struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Log proposals as interactions, at the moment of the mail (one to add someone adds them).")

    @Argument(help: "Proposal numbers from 'connectctl proposals', or all.") var which: [String]
    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard !which.isEmpty else { throw ValidationError("Name the proposals: connectctl accept 3 4, or connectctl accept all") }
        guard which == ["all"] || which.allSatisfy({ Int($0) != nil }) else {
            throw ValidationError("Give proposal numbers from 'connectctl proposals', or all.")
        }
    }

    func run() throws {
        let all = which == ["all"]
        try options.call(.acceptProposals, AcceptProposalsParameters(ids: all ? nil : which.compactMap { Int($0) }, all: all ? true : nil)) {
            (reply: AcceptProposalsReply, time) in
            guard !reply.accepted.isEmpty else { return "No open proposals to accept." }
            // The proposals of one mail or meeting were logged as one interaction with all of them.
            var groups: [(kind: String, at: String, people: [String])] = []
            var added: [String] = []
            for proposal in reply.accepted where proposal.newPerson == true {
                added.append("Added \(TerminalText.safe(proposal.person)) (#\(proposal.personId), \(TerminalText.safe(proposal.address))) on your default cadence; "
                             + "what you sent them is logged or proposed as [detect] mode says (connectctl proposals).")
            }
            for proposal in reply.accepted where proposal.newPerson != true {
                if let last = groups.last, last.kind == proposal.kind, last.at == proposal.at {
                    groups[groups.count - 1].people.append(TerminalText.safe(proposal.person))
                } else {
                    groups.append((proposal.kind, proposal.at, [TerminalText.safe(proposal.person)]))
                }
            }
            var lines = added + groups.map { "Logged \($0.kind) with \(PersonText.names($0.people)) on \(time.local($0.at))." }
            if reply.remaining > 0 {
                lines.append("\(reply.remaining) still open: " + (all ? "connectctl accept all again (a hundred at a time)" : "connectctl proposals"))
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct DismissCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss", abstract: "Drop proposals (with --never, their addresses are never proposed again).")

    @Argument(help: "Proposal numbers from 'connectctl proposals', or all.") var which: [String]
    @Flag(help: "Never propose these addresses again.") var never = false
    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard !which.isEmpty else { throw ValidationError("Name the proposals: connectctl dismiss 5 6, or connectctl dismiss all") }
        guard which == ["all"] || which.allSatisfy({ Int($0) != nil }) else {
            throw ValidationError("Give proposal numbers from 'connectctl proposals', or all.")
        }
    }

    func run() throws {
        let all = which == ["all"]
        let parameters = DismissProposalsParameters(ids: all ? nil : which.compactMap { Int($0) }, all: all ? true : nil, never: never ? true : nil)
        try options.call(.dismissProposals, parameters) { (reply: DismissProposalsReply, _) in
            let addresses = Set(reply.dismissed.map(\.address)).sorted().map(TerminalText.safe).joined(separator: ", ")
            return "Dismissed \(reply.dismissed.count == 1 ? "1 proposal" : "\(reply.dismissed.count) proposals")."
                + (never ? " Never again for \(addresses)." : "")
        }
    }
}
