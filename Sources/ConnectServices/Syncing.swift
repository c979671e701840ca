import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Changes that came into the vdir mirror from outside (vdirsyncer bringing another machine's
/// edits, khard, todoman, a text editor), merged into the state in the caller's transaction.
/// People are merged field by field (the newest revision of each field wins), interactions and
/// reflections are only ever added, a removed card removes the person, and a nudge another
/// machine delivered or closed is recorded so that it is not delivered here too.
public enum Syncing {
    public enum Outcome: Equatable, Sendable {
        case added, updated, unchanged, removed
        /// Not usable: why (logged with the file's name; the file is left alone).
        case refused(String)
        /// An item of someone not (yet) known here: tried again when people change.
        case waitingForPerson
    }

    /// A card: someone new (by UID), or someone known with the file's newer fields.
    public static func apply(card contact: ContactRecord, in ws: Workspace) throws -> Outcome {
        guard let uid = contact.uid, !uid.isEmpty else { return .refused("the card has no UID") }
        let importer = ImportSession(ws: ws, options: Importing.Options())
        guard let id = try ws.session.personID(uid: uid), let existing = try ws.session.person(id: id) else {
            let fields: ImportSession.Fields
            do { fields = try importer.fields(contact) } catch { return .refused(error.description) }
            guard let name = try importer.freeName(fields.name) else {
                return .refused("\(ImportSession.maxNamesakes) people are called \(CoreError.quote(fields.name)) already")
            }
            var person = Person(
                name: name, cadence: fields.cadence, met: fields.met, interests: fields.interests,
                notes: fields.notes, tags: fields.tags, links: fields.links, addedAt: min(contact.addedAt ?? ws.now, ws.now), dueOverride: contact.dueOverride, uid: uid,
                emails: fields.emails, phones: fields.phones, organization: fields.organization, title: fields.title,
                birthday: fields.birthday, ignored: fields.ignored, uidFromAddressBook: true, revisedAt: contact.revision ?? ws.now,
                cardExtras: fields.cardExtras, dates: fields.dates, related: fields.related, timeZone: fields.timeZone,
                feed: fields.feed)
            person.fieldRevisions = contact.fieldRevisions
            _ = try ws.session.insertPerson(person)
            return .added
        }
        let local = MirrorItems.record(existing)
        let (merged, changed) = CardMerge.merge(local, contact, policy: .incoming)
        guard !changed.isEmpty else { return .unchanged }
        let fields: ImportSession.Fields
        do { fields = try importer.fields(merged) } catch { return .refused(error.description) }
        var person = existing
        for field in changed {
            switch field {
            case .name: person.name = fields.name == existing.name ? existing.name : try importer.freeName(fields.name) ?? existing.name
            case .emails: person.emails = fields.emails
            case .phones: person.phones = fields.phones
            case .organization: person.organization = fields.organization
            case .title: person.title = fields.title
            case .birthday: person.birthday = fields.birthday
            case .links: person.links = fields.links
            case .tags: person.tags = fields.tags
            case .notes: person.notes = fields.notes
            case .cadence: person.cadence = fields.cadence
            case .met: person.met = fields.met
            case .into: person.interests = fields.interests
            case .ignored: person.ignored = fields.ignored
            case .due: person.dueOverride = merged.dueOverride
            case .extras: person.cardExtras = fields.cardExtras
            case .dates: person.dates = fields.dates
            case .related: person.related = fields.related
            case .timeZone: person.timeZone = fields.timeZone
            case .feed: person.feed = fields.feed
            }
            // A file edited by a program that keeps the old revision won a tie: that edit is the newest.
            let revision = contact.revision(of: field)
            person.fieldRevisions[field] = revision > local.revision(of: field) ? revision : ws.now
        }
        person.revisedAt = max(existing.revisedAt ?? existing.addedAt, person.fieldRevisions.values.max() ?? ws.now)
        try ws.session.updatePerson(person, previous: existing)
        return .updated
    }

    /// A card file was removed: the person goes to the trash, as with `connectctl rm`.
    public static func removeCard(uid: String, in ws: Workspace) throws -> Outcome {
        guard let id = try ws.session.personID(uid: uid), let person = try ws.session.person(id: id) else { return .unchanged }
        _ = try People.remove(person, in: ws)
        return .removed
    }

    /// A VJOURNAL: an interaction (or a reflection answer) recorded on another machine.
    /// One with several people is logged with those this machine knows; while one is missing it
    /// waits (read again when people come), and the ones who come are added to it.
    public static func apply(journal item: CalendarItem, in ws: Workspace) throws -> Outcome {
        if item.categories.contains(MirrorItems.reflectionCategory) { return try apply(reflection: item, in: ws) }
        if let existing = try ws.session.interactionID(uid: item.uid) { return try join(item, existing, in: ws) }
        guard let personUID = item.person else { return .refused("it has no X-CONNECTD-PERSON") }
        guard let at = item.start else { return .refused("it has no DTSTART") }
        guard at <= ws.now.addingTimeInterval(clockSkew) else { return .refused("it is dated in the future") }
        guard let id = try ws.session.personID(uid: personUID), let person = try ws.session.person(id: id) else { return .waitingForPerson }
        // The others who were there (each an ATTENDEE, the person among them), those known here.
        var others: [Person] = []
        var missing = false
        for attendee in item.attendees.filter({ $0.uid != personUID }).prefix(InteractionLog.maxPeople - 1) {
            guard let otherID = try ws.session.personID(uid: attendee.uid), let other = try ws.session.person(id: otherID) else {
                missing = true
                continue
            }
            if otherID != id, !others.contains(where: { $0.id == otherID }) { others.append(other) }
        }
        // connectd's own kind as written (one of another machine's own kinds too), else a summary that names a kind.
        let kind = item.interactionKind.flatMap(InteractionKind.named) ?? item.summary.flatMap { try? InteractionKind.parse($0) } ?? .other
        let note: String?
        do { note = try Person.optionalText(item.description, .note) } catch { return .refused(error.description) }
        _ = try InteractionLog.log(person, with: others, kind: kind, at: at, note: note, uid: item.uid, in: ws)
        return missing ? .waitingForPerson : .added
    }

    /// An interaction this machine has: the attendees it names who are known here now and not
    /// at it yet join it.
    private static func join(_ item: CalendarItem, _ id: Int64, in ws: Workspace) throws -> Outcome {
        guard !item.attendees.isEmpty else { return .unchanged }
        let present = Set(try ws.session.people(atInteraction: id))
        var missing = false
        for attendee in item.attendees.prefix(InteractionLog.maxPeople) {
            guard let personID = try ws.session.personID(uid: attendee.uid) else {
                missing = true
                continue
            }
            if !present.contains(personID) { try ws.session.addCompanion(personID: personID, toInteraction: id, most: InteractionLog.maxPeople) }
        }
        return missing ? .waitingForPerson : .unchanged
    }

    /// What another machine's clock may be ahead of ours: items dated later are refused as
    /// "in the future" (a forged nudge dated 2099, an answer to a prompt not yet asked).
    static let clockSkew: TimeInterval = 86400

    static func apply(reflection item: CalendarItem, in ws: Workspace) throws -> Outcome {
        guard try ws.session.reflectionID(uid: item.uid) == nil else { return .unchanged }
        guard let slot = item.slot, let at = item.start else { return .refused("it has no X-CONNECTD-SLOT or DTSTART") }
        guard slot <= ws.now.addingTimeInterval(clockSkew), at <= ws.now.addingTimeInterval(clockSkew) else {
            return .refused("it answers a prompt dated in the future")
        }
        let answer: String
        do {
            guard let text = try Person.optionalText(item.description, .answer) else { return .refused("the answer is empty") }
            answer = text
        } catch { return .refused(error.description) }
        if let delivery = try ws.session.promptDeliveryID(slot: slot) {
            try ws.session.insertReflection(promptDeliveryID: delivery, answer: answer, at: at, uid: item.uid)
            return .added
        }
        // The prompt came on the other machine only: it counts as delivered here too.
        let text = (try? Person.optionalText(item.summary, .answer)) ?? nil
        let delivery = PromptDelivery(promptID: item.promptID ?? "", slot: slot, late: false)
        let record = try ws.session.recordPrompt(delivery, text: text ?? "", at: ws.now, rule: ws.settings.ruleDescription,
                                                 timeZone: ws.calendar.identifier)
        try ws.session.markPromptAnnounced(id: record.id, at: ws.now)
        try ws.session.insertReflection(promptDeliveryID: record.id, answer: answer, at: at, uid: item.uid)
        return .added
    }

    /// A VTODO: a nudge another machine delivered (recorded here as delivered elsewhere, so it
    /// does not go out twice), completed or cancelled (closed here too).
    public static func apply(todo item: CalendarItem, thisMachine: String, in ws: Workspace) throws -> Outcome {
        guard let personUID = item.person, let dueSince = item.start else { return .refused("it has no X-CONNECTD-PERSON or DTSTART") }
        guard dueSince <= ws.now.addingTimeInterval(clockSkew) else { return .refused("it is a nudge dated in the future") }
        guard let id = try ws.session.personID(uid: personUID) else { return .waitingForPerson }
        let existing = try ws.session.nudge(personID: id, dueSince: dueSince)
        switch item.status ?? "NEEDS-ACTION" {
        case "COMPLETED", "CANCELLED":
            guard let existing, existing.status == .open else { return .unchanged }
            try ws.session.closeOpenNudges(personID: id, status: item.status == "COMPLETED" ? .done : .skipped, at: ws.now)
            return .updated
        default:
            guard existing == nil, let machine = item.machine, machine != thisMachine else { return .unchanged }
            let kind = item.categories.lazy.compactMap(NudgeKind.init(rawValue:)).first ?? .catchUp
            return try recordElsewhere(personID: id, dueSince: dueSince, kind: kind, machine: machine, in: ws) ? .added : .unchanged
        }
    }

    /// Records that `machine` delivered the person's nudge for `dueSince` (their claim won).
    @discardableResult
    public static func recordElsewhere(personID: Int64, dueSince: Date, kind: NudgeKind, machine: String, in ws: Workspace) throws -> Bool {
        guard try ws.session.nudge(personID: personID, dueSince: dueSince) == nil else { return false }
        let open = kind != .occasion && ws.live.schedule[personID]?.openNudgeSince != nil
        let delivery = NudgeDelivery(personID: personID, dueSince: dueSince, plannedAt: ws.now, late: false, replacesOpenNudge: open, kind: kind)
        _ = try ws.session.recordNudge(delivery, at: ws.now, rule: ws.settings.ruleDescription, timeZone: ws.calendar.identifier,
                                       deliveredOn: String(machine.prefix(200)))
        return true
    }
}
