import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Bringing back connectd's own JSON export: into an empty daemon it restores everything as it
/// was. Into one with people, someone whose UID is here already is merged as an import merges
/// (empty fields filled; what was typed here replaced only with `--overwrite`), and only
/// interactions, follow-ups, nudges and answers not recorded yet are added. Runs in the
/// caller's transaction.
public enum Restoring {
    public static func run(_ document: ExportDocument, options: Importing.Options, in ws: Workspace) throws -> Importing.Summary {
        guard document.format == ExportDocument.formatName else {
            throw ServiceError.importUnreadable("the JSON is not a connectd export (format is '\(document.format.prefix(40))')")
        }
        guard document.version <= ExportDocument.currentVersion else {
            throw ServiceError.importUnreadable("the export has version \(document.version); this connectd reads up to \(ExportDocument.currentVersion): update connectd")
        }
        var summary = Importing.Summary()
        var ids: [String: Int64] = [:]
        for (index, exported) in document.people.enumerated() {
            let line = index + 1
            do {
                let (person, outcome, changed) = try restore(exported, options: options, in: ws)
                ids[exported.uid] = person.id
                summary.record(Importing.Item(line: line, name: person.name, outcome: outcome, reason: nil, changedFields: changed),
                               limit: options.itemLimit)
            } catch let error as CoreError {
                summary.record(Importing.Item(line: line, name: String(exported.name.prefix(80)), outcome: .skipped, reason: error.description,
                                              changedFields: []), limit: options.itemLimit)
            }
        }
        // The same coffee may be logged twice: each one in the export is restored, and only
        // those beyond what is recorded already.
        var seen: [String: Int] = [:]
        for interaction in document.interactions {
            guard let personID = ids[interaction.person], let at = ExportTime.parse(interaction.at), let kind = InteractionKind(rawValue: interaction.kind)
            else { continue }
            let archived = ArchivedInteraction(personID: personID, kind: kind.rawValue, at: at,
                                               note: try? Person.optionalText(interaction.note, .note),
                                               loggedAt: ExportTime.parse(interaction.loggedAt) ?? ws.now)
            let key = "\(personID) \(kind.rawValue) \(at.timeIntervalSince1970) \(archived.note.map { "=" + $0 } ?? "-")"
            seen[key, default: 0] += 1
            if try seen[key, default: 0] > ws.session.interactionCount(like: archived) { try ws.session.insertArchived(archived) }
        }
        for followUp in document.followUps ?? [] {
            guard let personID = ids[followUp.person], let created = ExportTime.parse(followUp.createdAt),
                  let text = try? TextRules.check(followUp.text, .note), !text.isEmpty else { continue }
            _ = try ws.session.insertArchivedFollowUp(personID: personID, text: text, createdAt: created,
                                                      closedAt: followUp.closedAt.flatMap(ExportTime.parse))
        }
        for nudge in document.nudges {
            guard let personID = ids[nudge.person], let dueSince = ExportTime.parse(nudge.dueSince), let planned = ExportTime.parse(nudge.plannedAt),
                  let delivered = ExportTime.parse(nudge.deliveredAt), NudgeRecord.Status(rawValue: nudge.status) != nil else { continue }
            _ = try ws.session.insertArchived(ArchivedNudge(
                personID: personID, dueSince: dueSince, plannedAt: planned, deliveredAt: delivered,
                announcedAt: nudge.announcedAt.flatMap(ExportTime.parse) ?? delivered, late: nudge.late, status: nudge.status,
                closedAt: nudge.closedAt.flatMap(ExportTime.parse), rule: nudge.rule, timeZone: nudge.timeZone))
        }
        for prompt in document.prompts {
            guard let slot = ExportTime.parse(prompt.slot), let delivered = ExportTime.parse(prompt.deliveredAt) else { continue }
            let answers = prompt.reflections.compactMap { reflection -> (text: String, at: Date)? in
                guard let text = try? TextRules.check(reflection.answer, .answer), !text.isEmpty, let at = ExportTime.parse(reflection.answeredAt)
                else { return nil }
                return (text, at)
            }
            try ws.session.insertArchived(ArchivedPrompt(
                promptID: prompt.promptId, text: prompt.text, slot: slot, deliveredAt: delivered,
                announcedAt: prompt.announcedAt.flatMap(ExportTime.parse) ?? delivered, seenAt: prompt.seenAt.flatMap(ExportTime.parse),
                late: prompt.late, rule: prompt.rule, timeZone: prompt.timeZone, answers: answers))
        }
        if let epoch = document.promptEpoch.flatMap(ExportTime.parse), try ws.session.promptEpoch().map({ epoch < $0 }) ?? true {
            try ws.session.setPromptEpoch(epoch)
        }
        // Interactions, nudges and prompts changed too much to follow one by one: memory is
        // loaded again from the transaction's own view.
        ws.live.replace(with: try ws.session.loadState(deliveriesSince: ws.now.addingTimeInterval(-3 * 86400)), now: ws.now)
        return summary
    }

    /// One person: matched by UID and merged like an import, or added with every field as exported.
    private static func restore(_ exported: ExportedPerson, options: Importing.Options, in ws: Workspace) throws
        -> (Person, Importing.Outcome, [String]) {
        let name = try Person.normalizedName(exported.name)
        func points(_ list: [ExportedContactPoint], _ field: TextRules.Field) throws(CoreError) -> [ContactPoint] {
            var points: [ContactPoint] = []
            for point in list { points.append(ContactPoint(value: try TextRules.check(point.value, field), types: point.types ?? [], label: point.label)) }
            return points
        }
        var person = Person(
            name: name, cadence: try exported.cadence.map { text throws(CoreError) in try Cadence.parse(text) },
            met: try Person.optionalText(exported.met, .met), interests: try Person.optionalText(exported.into, .into),
            notes: try Person.optionalText(exported.notes, .notes), tags: try Person.normalizedTags(exported.tags + options.tags),
            links: try Person.normalizedLinks(exported.links), addedAt: ExportTime.parse(exported.addedAt) ?? ws.now,
            dueOverride: exported.dueOverride.flatMap(ExportTime.parse), uid: try TextRules.check(exported.uid, .uid),
            emails: try points(exported.emails, .email), phones: try points(exported.phones, .phone),
            organization: try Person.optionalText(exported.organization, .organization), title: try Person.optionalText(exported.title, .title),
            birthday: exported.birthday.flatMap(Birthday.parse), ignored: exported.ignored, news: try Person.optionalText(exported.news, .news),
            uidFromAddressBook: true, wantToMeet: exported.wantToMeet ?? false, found: try Person.optionalText(exported.found, .met))
        if person.uid.isEmpty { person.uid = Person.newUID() }
        if let id = try ws.session.personID(uid: person.uid), let existing = try ws.session.person(id: id) {
            // Merged as an import merges: empty fields filled, what was typed here replaced only
            // with --overwrite (memory is reloaded at the end of the restore).
            let fields = ImportSession.Fields(
                name: person.name, uid: person.uid, emails: person.emails, phones: person.phones, organization: person.organization,
                title: person.title, birthday: person.birthday, links: person.links, tags: person.tags, notes: person.notes,
                cadence: person.cadence, met: person.met, interests: person.interests, ignored: person.ignored)
            let (merged, changed) = ImportSession(ws: ws, options: options).updated(existing, with: fields)
            guard !changed.isEmpty else { return (existing, .unchanged, []) }
            var final = merged
            final.revisedAt = ws.now
            try ws.session.updatePerson(final, previous: existing)
            return (final, .updated, changed)
        }
        if try ws.session.personID(exactName: person.name) != nil { person.name = "\(person.name) (\(person.uid.suffix(4)))" }
        person = try ws.session.insertPerson(person)
        return (person, .added, [])
    }
}
