import ConnectCore
import ConnectProtocol
import ConnectServices
import ConnectStore
import Foundation

/// Domain values in their wire form, in one place. Times are RFC 3339 with the offset of the
/// configured zone at that instant, so a client shows local times without a zone database.
struct WirePresenter {
    let calendar: LocalCalendar

    func time(_ date: Date) -> String {
        WireTime.format(calendar.local(date), offsetSeconds: calendar.utcOffset(at: date))
    }

    func person(_ view: PersonView) -> PersonInfo {
        let person = view.person
        func points(_ list: [ContactPoint]) -> [ContactPointInfo] { list.map { ContactPointInfo(value: $0.value, types: $0.types, label: $0.label) } }
        let phrase = view.cadence.map { $0.phrase + (view.circle.map { ", from \($0)" } ?? "") }
        let cadenceText = person.ignored ? "ignored"
            : person.wantToMeet ? "someone to meet (\(phrase ?? "no cadence") after the first contact)"
            : phrase ?? "not scheduled yet (triage)"
        return PersonInfo(
            id: person.id, uid: person.uid, name: person.name, cadence: view.cadence?.description, cadenceText: cadenceText,
            met: person.met, into: person.interests, notes: person.notes, tags: person.tags, links: person.links,
            emails: points(person.emails), phones: points(person.phones), organization: person.organization, title: person.title,
            birthday: person.birthday?.description, ignored: person.ignored, news: person.news,
            addedAt: time(person.addedAt), lastContact: view.last.map { time($0.at) }, lastKind: view.last?.kind.rawValue,
            nextDue: view.nextDue.map(time), overdueRatio: (view.overdueRatio * 1000).rounded() / 1000,
            wantToMeet: person.wantToMeet, found: person.found, due: view.isDue, circle: view.circle,
            dates: person.dates.map { ImportantDateInfo(label: $0.label, date: $0.date.description) },
            related: person.related.map { RelationshipInfo(name: $0.name, type: $0.type, personId: $0.uid.flatMap { view.relatedIDs[$0] }) },
            timeZone: person.timeZone,
            localTime: view.theirTime.map { WireTime.format($0.local, offsetSeconds: $0.offsetSeconds) }, night: view.theirTime?.isNight ?? false,
            feed: person.feed)
    }

    func published(_ item: PublishedItem) -> PublishedItemInfo {
        PublishedItemInfo(title: item.title, link: item.link, published: item.published.map(time))
    }

    func overdue(_ item: WeekReview.Overdue) -> OverdueInfo {
        OverdueInfo(personId: item.personID, name: item.name, dueSince: time(item.dueSince), overdueRatio: (item.overdueRatio * 1000).rounded() / 1000)
    }

    /// Open follow-ups of one person, numbered as `--closes` takes them.
    func followUps(_ list: [FollowUp], personName: String) -> [FollowUpInfo] {
        list.enumerated().map { index, followUp in
            FollowUpInfo(number: index + 1, personId: followUp.personID, personName: personName, text: followUp.text, createdAt: time(followUp.createdAt))
        }
    }

    /// `name`: the person's, or for a proposal to add someone, the address.
    func proposal(_ proposal: ProposalRecord, name: String) -> ProposalInfo {
        ProposalInfo(id: proposal.id, personId: proposal.personID ?? 0, person: proposal.personID == nil ? EmailAddress.guessedName(proposal.address) : name,
                     kind: proposal.kind.rawValue, at: time(proposal.at), address: proposal.address, subject: proposal.subject, source: proposal.source,
                     newPerson: proposal.personID == nil ? true : nil, seen: proposal.seen)
    }

    /// An accepted proposal with the person it is about now (one to add someone: the one added).
    func proposal(_ proposal: ProposalRecord, person: Person) -> ProposalInfo {
        var info = self.proposal(proposal, name: person.name)
        info.personId = person.id
        info.person = person.name
        return info
    }

    func plan(_ plan: PlannedCatchUp, person: String) -> PlannedCatchUpInfo {
        PlannedCatchUpInfo(id: plan.id, personId: plan.personID, person: person, kind: plan.kind.rawValue, startsAt: time(plan.startsAt),
                           endsAt: time(plan.endsAt), place: plan.place, note: plan.note, asked: plan.askedAt != nil)
    }

    func interaction(_ interaction: Interaction, personName: String) -> InteractionInfo {
        InteractionInfo(id: interaction.id, personId: interaction.personID, personName: personName,
                        kind: interaction.kind.rawValue, at: time(interaction.at), note: interaction.note,
                        with: interaction.with.isEmpty ? nil : interaction.with.map { CompanionInfo(personId: $0.id, name: $0.name) })
    }

    func nudge(_ item: NudgeOverview.Item) -> NudgeInfo {
        let record = item.record
        return NudgeInfo(
            id: record.id, personId: item.person.id, personName: item.person.name, dueSince: time(record.dueSince),
            plannedAt: time(record.plannedAt), deliveredAt: time(record.deliveredAt), late: record.late, status: record.status.rawValue,
            closedAt: record.closedAt.map(time), summary: NudgeText.summary(for: item.person, kind: record.kind, dueSince: record.dueSince, calendar: calendar),
            body: NudgeText.body(for: item.person, context: item.context, kind: record.kind, late: record.late, dueSince: record.dueSince,
                                 at: record.deliveredAt, calendar: calendar), deliveredOn: record.deliveredOn)
    }

    func reflection(_ record: PromptRecord) -> ReflectionInfo {
        ReflectionInfo(id: record.id, promptId: record.promptID, text: record.text, slot: time(record.slot),
                       deliveredAt: time(record.deliveredAt), late: record.late,
                       answers: record.answers.map { AnswerInfo(text: $0.text, at: time($0.at)) })
    }
}
