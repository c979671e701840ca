import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Bringing back connectd's own JSON export, element by element: into an empty daemon it
/// restores everything as it was. Someone already here (by UID, e-mail address, profile URL or
/// name, as any import matches) is merged as an import merges (empty fields filled; what was
/// typed here replaced only with `--overwrite`), and only interactions, follow-ups, nudges and
/// answers not recorded yet are added. Each element costs the same however many came before it.
extension ImportRunner {
    func restore(_ item: ExportedItem, line: Int, in ws: Workspace) throws {
        if case .header(let format, let version, let epoch) = item {
            guard format == ExportDocument.formatName else {
                throw ServiceError.importUnreadable("the JSON is not a connectd export (format is '\(format.prefix(40))')")
            }
            guard version <= ExportDocument.currentVersion else {
                throw ServiceError.importUnreadable("the export has version \(version); this connectd reads up to \(ExportDocument.currentVersion): update connectd")
            }
            headerSeen = true
            if mode != .dryRun, let epoch = epoch.flatMap(ExportTime.parse), try ws.session.promptEpoch().map({ epoch < $0 }) ?? true {
                try ws.session.setPromptEpoch(epoch)
            }
            return
        }
        guard headerSeen else {
            throw ServiceError.importUnreadable("the JSON is not a connectd export: \"format\" and \"version\" must come first")
        }
        switch item {
        case .header: break
        case .person(let person): try restore(person, line: line, in: ws)
        // A dry run reports people only: what else an export holds is added to who they are.
        case _ where mode == .dryRun: break
        case .interaction(let interaction): try restore(interaction, in: ws)
        case .followUp(let followUp): try restore(followUp, in: ws)
        case .nudge(let nudge): try restore(nudge, in: ws)
        case .prompt(let prompt): try restore(prompt, in: ws)
        case .plan(let plan): try restore(plan, in: ws)
        // As a circle's card from another machine: the newer wins. An undone import leaves it.
        case .circle(let circle):
            guard let revised = ExportTime.parse(circle.revisedAt) else { return }
            _ = try Circles.apply(card: CircleCard(name: circle.name, every: circle.every, atMost: circle.atMost, revision: revised), in: ws)
        }
    }

    /// The local id of the person an export's UID names (this export's people first).
    private func personID(_ uid: String, in ws: Workspace) throws -> Int64? {
        try ws.session.scratch(scratchID, "uid:" + uid)?.a ?? ws.session.personID(uid: uid)
    }

    /// One person: matched like an import and merged, or added with every field as exported.
    private func restore(_ exported: ExportedPerson, line: Int, in ws: Workspace) throws {
        let checked: Result<Person, CoreError> = Result { () throws(CoreError) in try Self.person(exported, extraTags: options.tags, now: ws.now) }
        guard case .success(let person) = checked else {
            if case .failure(let error) = checked {
                record(Importing.Item(line: line, name: String(exported.name.prefix(80)), outcome: .skipped, reason: error.description, changedFields: []))
            }
            return try checkStrict()
        }
        let session = ImportSession(ws: ws, options: options, journal: journal)
        let fields = ImportSession.Fields(
            name: person.name, uid: person.uid, emails: person.emails, phones: person.phones, organization: person.organization,
            title: person.title, birthday: person.birthday, links: person.links, tags: person.tags, notes: person.notes,
            cadence: person.cadence, met: person.met, interests: person.interests, ignored: person.ignored, cardExtras: person.cardExtras,
            dates: person.dates, related: person.related, timeZone: person.timeZone, feed: person.feed)
        if let existing = try session.match(fields) {
            try ws.session.setScratch(scratchID, "uid:" + exported.uid, a: existing.id)
            let (merged, changed) = session.updated(existing, with: fields)
            guard !changed.isEmpty else {
                return record(Importing.Item(line: line, name: existing.name, outcome: .unchanged, reason: nil, changedFields: []))
            }
            var final = merged
            final.revisedAt = ws.now
            let before = try journal.map { _ in try ws.session.personSnapshot(id: existing.id) } ?? nil
            try ws.session.updatePerson(final, previous: existing)
            try journal?.updated(final.id, before: before, in: ws.session)
            // Taking the export's UID is bookkeeping (found by it next time), not news for the user.
            let outcome: Importing.Outcome = changed == ["uid"] ? .unchanged : .updated
            return record(Importing.Item(line: line, name: final.name, outcome: outcome, reason: nil,
                                         changedFields: outcome == .unchanged ? [] : changed))
        }
        var new = person
        guard let name = try session.freeName(person.name) else {
            record(Importing.Item(line: line, name: String(person.name.prefix(80)), outcome: .skipped,
                                  reason: "\(ImportSession.maxNamesakes) people are called \(CoreError.quote(person.name)) already", changedFields: []))
            return try checkStrict()
        }
        new.name = name
        if let id = keepIDs[exported.uid], try ws.session.person(id: id) == nil { new.id = id }
        let added = try session.add(new)
        try ws.session.setScratch(scratchID, "uid:" + exported.uid, a: added.id)
        record(Importing.Item(line: line, name: added.name, outcome: .added, reason: nil, changedFields: []))
    }

    /// A person as exported, every field checked as if typed.
    static func person(_ exported: ExportedPerson, extraTags: [String], now: Date) throws(CoreError) -> Person {
        func points(_ list: [ExportedContactPoint], _ field: TextRules.Field) throws(CoreError) -> [ContactPoint] {
            var points: [ContactPoint] = []
            for point in list.prefix(Person.maxListEntries) {
                points.append(ContactPoint(value: try TextRules.check(point.value, field), types: point.types ?? [], label: point.label))
            }
            return points
        }
        var person = Person(
            name: try Person.normalizedName(exported.name), cadence: try exported.cadence.map { text throws(CoreError) in try Cadence.parse(text) },
            met: try Person.optionalText(exported.met, .met), interests: try Person.optionalText(exported.into, .into),
            notes: try Person.optionalText(exported.notes, .notes),
            tags: try Person.normalizedTags(Array((exported.tags + extraTags).prefix(Person.maxListEntries))),
            links: try Person.normalizedLinks(Array(exported.links.prefix(Person.maxListEntries))), addedAt: ExportTime.parse(exported.addedAt).map { min($0, now) } ?? now,
            dueOverride: exported.dueOverride.flatMap(ExportTime.parse), uid: try TextRules.check(exported.uid, .uid),
            emails: try points(exported.emails, .email), phones: try points(exported.phones, .phone),
            organization: try Person.optionalText(exported.organization, .organization), title: try Person.optionalText(exported.title, .title),
            birthday: exported.birthday.flatMap(YearlyDate.parse), ignored: exported.ignored, news: try Person.optionalText(exported.news, .news),
            uidFromAddressBook: true, wantToMeet: exported.wantToMeet ?? false, found: try Person.optionalText(exported.found, .met))
        person.cardExtras = CardExtras.sanitized(exported.cardExtras ?? [])
        var dates: [ImportantDate] = []
        for date in (exported.dates ?? []).prefix(Person.maxListEntries) {
            let label = try TextRules.check(date.label, .label)
            guard !label.isEmpty, let day = YearlyDate.parse(date.date) else { throw .invalidImportantDate(date.label + ":" + date.date) }
            dates.append(ImportantDate(label: label, date: day))
        }
        person.dates = try Person.normalizedDates(dates)
        var related: [Relation] = []
        for relation in (exported.related ?? []).prefix(Person.maxListEntries) {
            related.append(Relation(name: try TextRules.check(relation.name, .name), type: try TextRules.check(relation.type, .label).lowercased(),
                                    uid: try relation.uid.map { uid throws(CoreError) in try TextRules.check(uid, .uid) }))
        }
        person.related = try Person.normalizedRelations(related.filter { !$0.name.isEmpty && !$0.type.isEmpty })
        person.feed = try exported.feed.flatMap { text throws(CoreError) in try Person.feedURL(text) }
        if let zone = exported.timeZone {
            guard let name = Zones.name(zone) else { throw .unknownTimeZone(zone) }
            person.timeZone = name
        }
        if person.uid.isEmpty { person.uid = Person.newUID() }
        return person
    }

    /// The same coffee may be logged twice: each copy in the export is restored, and only the
    /// copies beyond what is recorded already (counted once per kind of copy, in the scratch table).
    private func restore(_ exported: ExportedInteraction, in ws: Workspace) throws {
        guard let personID = try personID(exported.person, in: ws), let at = ExportTime.parse(exported.at) else { return }
        let kind = InteractionKind.named(exported.kind) ?? .other
        var others: [Int64] = []
        for uid in (exported.with ?? []).prefix(InteractionLog.maxPeople) {
            if let id = try self.personID(uid, in: ws), id != personID, !others.contains(id) { others.append(id) }
        }
        let interaction = ArchivedInteraction(personID: personID, kind: kind.rawValue, at: at,
                                              note: (try? Person.optionalText(exported.note, .note)) ?? nil,
                                              loggedAt: ExportTime.parse(exported.loggedAt) ?? ws.now, with: others)
        // With others: one interaction for all of them; if one of them has it already, the person joins it.
        if !others.isEmpty, let shared = try ws.session.sharedInteraction(like: interaction, attendedBy: others + [personID]) {
            try ws.session.addCompanion(personID: personID, toInteraction: shared, most: InteractionLog.maxPeople)
            return
        }
        let key = "copy:\(personID):" + ItemIdentity.hash([kind.rawValue, String(at.timeIntervalSince1970), interaction.note ?? "\u{0}"])
        let known = try ws.session.scratch(scratchID, key)
        let recorded = try known?.a ?? Int64(ws.session.interactionCount(like: interaction))
        let copy = (known?.b ?? 0) + 1
        try ws.session.setScratch(scratchID, key, a: recorded, b: copy)
        guard copy > recorded else { return }
        let id = try ws.session.insertArchived(interaction, copy: Int(copy))
        try journal?.note(.interaction, id, in: ws.session)
    }

    private func restore(_ exported: ExportedFollowUp, in ws: Workspace) throws {
        guard let personID = try personID(exported.person, in: ws), let created = ExportTime.parse(exported.createdAt),
              let text = try? TextRules.check(exported.text, .note), !text.isEmpty else { return }
        if let id = try ws.session.insertArchivedFollowUp(personID: personID, text: text, createdAt: created,
                                                          closedAt: exported.closedAt.flatMap(ExportTime.parse)) {
            try journal?.note(.followUp, id, in: ws.session)
        }
    }

    private func restore(_ exported: ExportedPlan, in ws: Workspace) throws {
        guard exported.uid.hasPrefix(Planning.uidPrefix), exported.uid.utf8.count <= 200, let personID = try personID(exported.person, in: ws),
              let start = ExportTime.parse(exported.startsAt), let end = ExportTime.parse(exported.endsAt), end >= start,
              let state = PlannedCatchUp.State(rawValue: exported.state) else { return }
        let plan = PlannedCatchUp(personID: personID, kind: InteractionKind.named(exported.kind) ?? .other, startsAt: start,
                                  endsAt: min(end, start.addingTimeInterval(PlannedCatchUp.longestLength)),
                                  place: (try? Person.optionalText(exported.place, .place)) ?? nil, note: (try? Person.optionalText(exported.note, .note)) ?? nil,
                                  uid: exported.uid, state: state, askedAt: exported.askedAt.flatMap(ExportTime.parse))
        if let id = try ws.session.insertArchivedPlan(plan, at: ws.now) { try journal?.note(.plan, id, in: ws.session) }
    }

    private func restore(_ exported: ExportedNudge, in ws: Workspace) throws {
        guard let personID = try personID(exported.person, in: ws), let dueSince = ExportTime.parse(exported.dueSince),
              let planned = ExportTime.parse(exported.plannedAt), let delivered = ExportTime.parse(exported.deliveredAt),
              NudgeRecord.Status(rawValue: exported.status) != nil else { return }
        let nudge = ArchivedNudge(
            personID: personID, dueSince: dueSince, plannedAt: planned, deliveredAt: delivered,
            announcedAt: exported.announcedAt.flatMap(ExportTime.parse) ?? delivered, late: exported.late, status: exported.status,
            closedAt: exported.closedAt.flatMap(ExportTime.parse), rule: String(exported.rule.prefix(500)), timeZone: String(exported.timeZone.prefix(100)))
        if let id = try ws.session.insertArchived(nudge) {
            try journal?.note(.nudge, id, in: ws.session)
        }
    }

    private func restore(_ exported: ExportedPrompt, in ws: Workspace) throws {
        guard let slot = ExportTime.parse(exported.slot), let delivered = ExportTime.parse(exported.deliveredAt) else { return }
        let answers = exported.reflections.prefix(1000).compactMap { reflection -> (text: String, at: Date)? in
            guard let text = try? TextRules.check(reflection.answer, .answer), !text.isEmpty, let at = ExportTime.parse(reflection.answeredAt)
            else { return nil }
            return (text, at)
        }
        let added = try ws.session.insertArchived(ArchivedPrompt(
            promptID: String(exported.promptId.prefix(100)), text: String(exported.text.prefix(2000)), slot: slot, deliveredAt: delivered,
            announcedAt: exported.announcedAt.flatMap(ExportTime.parse) ?? delivered, seenAt: exported.seenAt.flatMap(ExportTime.parse),
            late: exported.late, rule: String(exported.rule.prefix(500)), timeZone: String(exported.timeZone.prefix(100)), answers: answers))
        if let delivery = added.delivery { try journal?.note(.prompt, delivery, in: ws.session) }
        for reflection in added.reflections { try journal?.note(.reflection, reflection, in: ws.session) }
    }
}

/// A whole export document at once, in the caller's transaction (the trash keeps one person's).
public enum Restoring {
    /// `keepIDs`: people added under the id they had (by UID; the trash's), when it is free.
    public static func run(_ document: ExportDocument, options: Importing.Options, keepIDs: [String: Int64] = [:],
                           in ws: Workspace) throws -> Importing.Summary {
        let runner = ImportRunner(name: "", format: .json, options: options, mode: .plain)
        runner.keepIDs = keepIDs
        defer { runner.close(in: ws.session) }
        var items: [ExportedItem] = [.header(format: document.format, version: document.version, promptEpoch: document.promptEpoch)]
        items += document.people.map(ExportedItem.person) + document.interactions.map(ExportedItem.interaction)
        items += (document.followUps ?? []).map(ExportedItem.followUp) + document.nudges.map(ExportedItem.nudge) + document.prompts.map(ExportedItem.prompt)
        items += (document.circles ?? []).map(ExportedItem.circle) + (document.plans ?? []).map(ExportedItem.plan)
        for (index, item) in items.enumerated() { try runner.apply(.exported(item, line: index), in: ws) }
        try runner.finish(in: ws)
        return runner.summary
    }
}
