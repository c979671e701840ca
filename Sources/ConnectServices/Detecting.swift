import ConnectCore
import ConnectStore
import Foundation

/// Contacts found in what you sent, offered as "log it?" (or logged at once in `log` mode): the
/// rules of what counts, the same for every source. A message to more than `maxRecipients` is
/// not a conversation; an address you said never to propose is left alone; someone you already
/// logged that day is not proposed again; reading a source twice proposes nothing twice. An
/// address nobody has that your mail went to several times in a month is proposed as someone
/// to add; added, those mails become their proposals.
public enum Detecting {
    /// Messages within 30 days to an address nobody has that make it a proposal to add them.
    public static let severalTimes = 3
    /// How long messages to addresses nobody has are remembered.
    public static let sightingsKept: TimeInterval = 90 * 86400

    /// One message as a source saw it: when, to whom, its key in the source (a Message-ID, or
    /// the msmtp log line's place), its subject if the user allows subjects.
    public struct Message: Sendable {
        public let at: Date
        public let recipients: [String]
        public let key: String
        public let subject: String?

        public init(at: Date, recipients: [String], key: String, subject: String?) {
            self.at = at
            self.recipients = recipients
            self.key = key
            self.subject = subject
        }
    }

    public enum Mode: String, Sendable {
        /// Ask first (`connectctl proposals`, `accept`).
        case propose
        /// Count without asking.
        case log
    }

    public struct Rules: Sendable, Equatable {
        public var mode = Mode.propose
        public var maxRecipients = 20
        public init() {}
    }

    public struct Outcome: Equatable, Sendable {
        /// Proposals made: contacts, and people to add (`toAdd` of them).
        public var proposed = 0
        public var toAdd = 0
        public var logged = 0
        /// Messages to more people than `maxRecipients` (a list, an announcement).
        public var tooMany = 0
        public init() {}
    }

    /// Proposes (or logs) a contact with each known person a message went to.
    public static func found(_ messages: [Message], kind: InteractionKind, source: String, rules: Rules, in ws: Workspace) throws -> Outcome {
        var outcome = Outcome()
        var fresh: [String] = []
        for message in messages {
            let addresses = Set(message.recipients.map(EmailAddress.key))
            guard addresses.count <= rules.maxRecipients else {
                outcome.tooMany += 1
                continue
            }
            var people: [Int64: String] = [:]
            for address in addresses.sorted() {
                let ids = try ws.session.proposablePersonIDs(email: address)
                for id in ids where people[id] == nil { people[id] = address }
                // Only mail says who you are (a calendar's guest nobody has may be you): only mail proposes someone to add.
                if ids.isEmpty, kind == .email, try noted(address, in: message, kind: kind, source: source, in: ws) { fresh.append(address) }
            }
            let day = ws.calendar.day(of: message.at)
            let start = ws.calendar.startOfDay(day)
            let end = ws.calendar.startOfDay(day.adding(days: 1) ?? day)
            var inserted: [Int64] = []
            for (id, address) in people.sorted(by: { $0.key < $1.key }) {
                // Logged or proposed that day already (by hand, or an earlier message): nothing to ask.
                guard try !ws.session.hasContactOrProposal(personID: id, from: start, until: end) else { continue }
                let proposal = ProposalRecord(personID: id, address: address, kind: kind, at: message.at, source: source,
                                              sourceKey: "\(source):\(message.key):\(id)", subject: message.subject)
                if let id = try ws.session.insertProposal(proposal, at: ws.now) { inserted.append(id) }
            }
            if rules.mode == .log, let first = inserted.first {
                // One interaction with everyone the message went to.
                _ = try accept(first, in: ws)
                outcome.logged += inserted.count
            } else {
                outcome.proposed += inserted.count
            }
        }
        outcome.toAdd = try proposeToAdd(among: fresh, kind: kind, source: source, in: ws)
        outcome.proposed += outcome.toAdd
        return outcome
    }

    /// Notes a message to an address nobody has (one a person could have: anyone can write a
    /// header, so no terminal escapes); false when it was noted already or is never proposed.
    private static func noted(_ address: String, in message: Message, kind: InteractionKind, source: String, in ws: Workspace) throws -> Bool {
        guard address.contains("@"), (try? TextRules.check(address, .email)) == address else { return false }
        return try ws.session.noteSighting(address: address, at: message.at, kind: kind, source: source, messageKey: message.key,
                                           subject: message.subject)
    }

    /// Of the addresses just noted, those written to `severalTimes` within 30 days become
    /// proposals to add them (once, whatever you answer; at the last of those messages): one
    /// statement for all of them, and the times read only for those with that many at all.
    private static func proposeToAdd(among addresses: [String], kind: InteractionKind, source: String, in ws: Workspace) throws -> Int {
        var proposed = 0
        for address in try ws.session.addressesSeen(atLeast: severalTimes, among: addresses) {
            let times = try ws.session.sightings(address: address, limit: 1000).map(\.at)
            // The first window of 30 days with enough in it, by its last message.
            guard let last = times.indices.dropFirst(severalTimes - 1).first(where: {
                times[$0].timeIntervalSince(times[$0 - (severalTimes - 1)]) <= StoreSession.sightingMonth
            }) else { continue }
            let proposal = ProposalRecord(personID: nil, address: address, kind: kind, at: times[last], source: source, sourceKey: "add:" + address,
                                          subject: nil)
            if try ws.session.insertProposal(proposal, at: ws.now) != nil { proposed += 1 }
        }
        return proposed
    }

    /// A reading ended having proposed contacts and people to add: said once (a desktop notification
    /// with "Log all" and "Review", the journal, hooks), with the newest five.
    public static func readingEnded(_ outcome: Outcome, in ws: Workspace) throws {
        // Once a reading (not at every step: a scan of the table).
        try ws.session.forgetSightings(before: ws.now.addingTimeInterval(-sightingsKept))
        guard outcome.proposed > 0 else { return }
        let newest = try ws.session.newestOpenProposals(limit: 5)
        guard let upTo = newest.first?.proposal.id else { return }
        ws.emit(.proposalsFound(count: outcome.proposed - outcome.toAdd, toAdd: outcome.toAdd, newest: newest.map { ($0.name, $0.proposal) }, upTo: upTo))
    }

    /// Accepts the open proposals up to `upTo` (the ones a notification showed, newest first),
    /// at most 100: how many were logged, and whether older ones are still open.
    /// People to add are left to `connectctl proposals` (a button does not add people).
    public static func acceptAll(upTo: Int64, in ws: Workspace) throws -> (accepted: Int, more: Bool) {
        let ids = try ws.session.openProposalIDs(upTo: upTo, limit: 101)
        for id in ids.prefix(100) {
            // One accepted with the others of its message settles those too.
            guard let proposal = try ws.session.openProposal(id: id), let personID = proposal.personID,
                  let person = try ws.session.person(id: personID) else { continue }
            _ = try logContact(proposal, of: person, in: ws)
        }
        return (min(ids.count, 100), ids.count > 100)
    }

    /// Logs the proposal's contact at the moment of the message, so the next due moves as if it
    /// had been logged then, as one interaction with everyone else that message or meeting was
    /// with whose proposal is open (those are settled too, after the first in `settled`). Who
    /// has an interaction that day already (logged by hand since) is settled without a second
    /// one; nil when nobody is left. A proposal to add someone adds them.
    public static func accept(_ id: Int64, in ws: Workspace) throws
        -> (settled: [(proposal: ProposalRecord, person: Person)], logged: LoggedInteraction?) {
        guard let proposal = try ws.session.openProposal(id: id) else { throw ServiceError.noSuchProposal(id) }
        guard let personID = proposal.personID else { return ([(proposal, try add(proposal, in: ws))], nil) }
        guard let person = try ws.session.person(id: personID) else { throw ServiceError.noSuchProposal(id) }
        return try logContact(proposal, of: person, in: ws)
    }

    private static func logContact(_ proposal: ProposalRecord, of person: Person, in ws: Workspace) throws
        -> (settled: [(proposal: ProposalRecord, person: Person)], logged: LoggedInteraction?) {
        var settled = [(proposal, person)]
        for other in try ws.session.openProposals(sameMessageAs: proposal) {
            if let id = other.personID, let someone = try ws.session.person(id: id) { settled.append((other, someone)) }
        }
        let day = ws.calendar.day(of: proposal.at)
        let (start, end) = (ws.calendar.startOfDay(day), ws.calendar.startOfDay(day.adding(days: 1) ?? day))
        var present: [Person] = []
        for (proposal, person) in settled {
            try ws.session.setProposalStatus(id: proposal.id, "accepted")
            if try !ws.session.hasInteraction(personID: person.id, from: start, until: end) { present.append(person) }
        }
        let note = proposal.subject.map { "\(proposal.kind == .email ? "e-mail" : proposal.kind.rawValue): \($0)" }
        var logged: LoggedInteraction?
        // More people than one interaction holds (a large max_recipients): one for each group of them.
        for start in stride(from: 0, to: present.count, by: InteractionLog.maxPeople) {
            let group = present[start..<min(start + InteractionLog.maxPeople, present.count)]
            let one = try InteractionLog.log(group[start], with: Array(group.dropFirst()), kind: proposal.kind, at: min(proposal.at, ws.now),
                                             note: note, next: [], closes: [], in: ws)
            logged = logged ?? one
        }
        return (settled, logged)
    }

    /// Adds the person a proposal named by their address (a name made from it; the address when
    /// that name is taken), on the default cadence; the messages to them become their proposals.
    /// Someone who has the address since (an import, a card from another machine) is not added
    /// twice: their mails are theirs.
    private static func add(_ proposal: ProposalRecord, in ws: Workspace) throws -> Person {
        try ws.session.setProposalStatus(id: proposal.id, "accepted")
        if let id = try ws.session.personIDs(email: proposal.address).first, let known = try ws.session.person(id: id) {
            try readBack([proposal.address], in: ws)
            return known
        }
        let guessed = EmailAddress.guessedName(proposal.address)
        var new = People.NewPerson(name: try ws.session.personID(exactName: guessed) == nil ? guessed : proposal.address)
        new.emails = [ContactPoint(value: proposal.address)]
        // People.add reads back what was sent to the address.
        return try People.add(new, in: ws).person
    }

    /// A person now has these addresses (added, or given a new one): the messages to them that
    /// were noted while nobody had them (the last 90 days) become their contacts, proposed or
    /// logged as `[detect] mode` says. Returns how many.
    @discardableResult
    static func readBack(_ addresses: [String], in ws: Workspace) throws -> Int {
        var count = 0
        for address in Set(addresses.map(EmailAddress.key)).sorted() {
            let seen = try ws.session.sightings(address: address, limit: 1000)
            guard !seen.isEmpty else { continue }
            for kind in Set(seen.map(\.kind)).sorted(by: { $0.rawValue < $1.rawValue }) {
                for source in Set(seen.map(\.source)).sorted() {
                    let messages = seen.filter { $0.kind == kind && $0.source == source }
                        .map { Message(at: $0.at, recipients: [address], key: $0.messageKey, subject: $0.subject) }
                    guard !messages.isEmpty else { continue }
                    let outcome = try found(messages, kind: kind, source: source, rules: ws.settings.detect, in: ws)
                    count += outcome.proposed + outcome.logged
                }
            }
            try ws.session.forgetSightings(address: address)
            // Asked already as someone to add: that is settled now.
            try ws.session.settleAddProposal(address: address)
        }
        return count
    }

    /// Dismisses a proposal; with `never`, its address is never proposed again.
    public static func dismiss(_ id: Int64, never: Bool, in ws: Workspace) throws -> ProposalRecord {
        guard let proposal = try ws.session.openProposal(id: id) else { throw ServiceError.noSuchProposal(id) }
        try ws.session.setProposalStatus(id: id, "dismissed")
        if never { try ws.session.neverPropose(proposal.address) }
        return proposal
    }
}
