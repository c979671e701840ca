import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Taking everything out, a page of people at a time (the client asks for the next page until
/// there is none): vCard 4.0 cards, or the pieces of connectd's JSON export.
public enum Exporting {
    /// One person's card.
    public struct Card: Sendable {
        public let uid: String
        public let name: String
        public let text: String
    }

    /// The people after `after` as vCards, and where the next page starts.
    public static func cards(after: Int64, limit: Int, product: String, in ws: Workspace) throws -> (cards: [Card], next: Int64?) {
        let people = try ws.session.peoplePage(after: after, limit: limit)
        let last = try ws.session.lastContacts(personIDs: people.map(\.id))
        let cards = people.map { person in
            Card(uid: person.uid, name: person.name, text: VCardWriter.card(record(person, lastContact: last[person.id]?.at), product: product))
        }
        return (cards, people.count == limit ? people.last?.id : nil)
    }

    /// The contact record a person exports as.
    public static func record(_ person: Person, lastContact: Date?) -> ContactRecord {
        var record = ContactRecord(line: 0, name: person.name)
        record.uid = person.uid
        record.emails = person.emails
        record.phones = person.phones
        record.organization = person.organization
        record.title = person.title
        record.birthday = person.birthday
        record.urls = person.links
        record.categories = person.tags
        record.note = person.notes
        record.cadence = person.cadence?.description
        record.met = person.met
        record.interests = person.interests
        record.lastContact = lastContact
        record.ignored = person.ignored
        record.extraLines = person.cardExtras
        record.dates = person.dates
        record.related = person.related
        record.timeZone = person.timeZone
        record.feed = person.feed
        return record
    }

    public static func jsonPage(after: Int64, limit: Int, in ws: Workspace) throws -> ExportPage {
        let people = try ws.session.peoplePage(after: after, limit: limit)
        let through = people.last?.id ?? after
        var uids: [Int64: String] = [:]
        for person in people { uids[person.id] = person.uid }
        let (interactions, nudges, followUps, plans) = try history(personsAfter: after, through: through, uids: uids, in: ws)
        let first = after == 0
        let prompts = first ? try ws.session.archivedPrompts().map { prompt in
            ExportedPrompt(promptId: prompt.promptID, text: prompt.text, slot: ExportTime.format(prompt.slot),
                           deliveredAt: ExportTime.format(prompt.deliveredAt), announcedAt: prompt.announcedAt.map(ExportTime.format),
                           seenAt: prompt.seenAt.map(ExportTime.format), late: prompt.late, rule: prompt.rule, timeZone: prompt.timeZone,
                           reflections: prompt.answers.map { ExportedReflection(answer: $0.text, answeredAt: ExportTime.format($0.at)) })
        } : []
        let circles = first ? try ws.session.circleRecords().map { circle in
            ExportedCircle(name: circle.name, every: circle.every.description, atMost: circle.atMost?.description, revisedAt: ExportTime.format(circle.revisedAt))
        } : []
        return ExportPage(people: people.map(exported), interactions: interactions, nudges: nudges, prompts: prompts, followUps: followUps, circles: circles,
                        plans: plans,
                        promptEpoch: first ? try ws.session.promptEpoch().map(ExportTime.format) : nil,
                        next: people.count == limit ? through : nil, first: first)
    }

    /// The interactions, nudges, follow-ups and plans of people with ids in (after, through], as
    /// the export writes them (people named by `uids`): for an export page and a trash snapshot.
    static func history(personsAfter after: Int64, through: Int64, uids: [Int64: String], in ws: Workspace) throws
        -> (interactions: [ExportedInteraction], nudges: [ExportedNudge], followUps: [ExportedFollowUp], plans: [ExportedPlan]) {
        let interactions = try ws.session.archivedInteractions(personsAfter: after, through: through).map { try exported($0, uids: uids, in: ws) }
        let nudges = try ws.session.archivedNudges(personsAfter: after, through: through).map {
            ExportedNudge(person: uids[$0.personID] ?? "", dueSince: ExportTime.format($0.dueSince), plannedAt: ExportTime.format($0.plannedAt),
                          deliveredAt: ExportTime.format($0.deliveredAt), announcedAt: $0.announcedAt.map(ExportTime.format), late: $0.late,
                          status: $0.status, closedAt: $0.closedAt.map(ExportTime.format), rule: $0.rule, timeZone: $0.timeZone)
        }
        let followUps = try ws.session.archivedFollowUps(personsAfter: after, through: through).map {
            ExportedFollowUp(person: uids[$0.personID] ?? "", text: $0.text, createdAt: ExportTime.format($0.createdAt),
                             closedAt: $0.closedAt.map(ExportTime.format))
        }
        let plans = try ws.session.archivedPlans(personsAfter: after, through: through).map { item in
            let plan = item.plan
            return ExportedPlan(uid: plan.uid, person: item.personUID, kind: plan.kind.rawValue, startsAt: ExportTime.format(plan.startsAt),
                                endsAt: ExportTime.format(plan.endsAt), place: plan.place, note: plan.note, state: plan.state.rawValue,
                                askedAt: plan.askedAt.map(ExportTime.format))
        }
        return (interactions, nudges, followUps, plans)
    }

    /// An interaction as the export writes it: the others who were there by UID (read for
    /// those not on the page: few).
    static func exported(_ interaction: ArchivedInteraction, uids: [Int64: String], in ws: Workspace) throws -> ExportedInteraction {
        var others: [String] = []
        for id in interaction.with {
            if let uid = try uids[id] ?? ws.session.personUID(id: id) { others.append(uid) }
        }
        return ExportedInteraction(person: uids[interaction.personID] ?? "", kind: interaction.kind, at: ExportTime.format(interaction.at),
                                   note: interaction.note, loggedAt: ExportTime.format(interaction.loggedAt), with: others.isEmpty ? nil : others)
    }

    static func exported(_ person: Person) -> ExportedPerson {
        func points(_ list: [ContactPoint]) -> [ExportedContactPoint] {
            list.map { ExportedContactPoint(value: $0.value, types: $0.types.isEmpty ? nil : $0.types, label: $0.label) }
        }
        return ExportedPerson(
            uid: person.uid, name: person.name, cadence: person.cadence?.description, met: person.met, into: person.interests, notes: person.notes,
            tags: person.tags, links: person.links, emails: points(person.emails), phones: points(person.phones), organization: person.organization,
            title: person.title, birthday: person.birthday?.description, addedAt: ExportTime.format(person.addedAt),
            dueOverride: person.dueOverride.map(ExportTime.format), ignored: person.ignored, news: person.news,
            wantToMeet: person.wantToMeet ? true : nil, found: person.found, cardExtras: person.cardExtras.isEmpty ? nil : person.cardExtras,
            dates: person.dates.isEmpty ? nil : person.dates.map { ExportedDate(label: $0.label, date: $0.date.description) },
            related: person.related.isEmpty ? nil : person.related.map { ExportedRelation(name: $0.name, type: $0.type, uid: $0.uid) },
            timeZone: person.timeZone, feed: person.feed)
    }
}
