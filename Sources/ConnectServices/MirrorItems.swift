import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// What the vdir mirror writes for each thing connectd keeps: a person's vCard, an interaction
/// or reflection as a VJOURNAL, a nudge as a VTODO. Made only from what is stored, so the same
/// state always gives the same bytes (and an unchanged file is never written again).
public enum MirrorItems {
    public static let product = "-//connectd//connectd//EN"
    /// Marks a reflection's VJOURNAL among the interactions.
    public static let reflectionCategory = "connectd-reflection"

    /// The card: the export mapping, with REV, every field's revision and a snooze or skip.
    /// Revisions are in whole seconds, as a card writes them, so a card read back compares equal.
    public static func record(_ person: Person) -> ContactRecord {
        var record = Exporting.record(person, lastContact: nil)
        record.revision = wholeSeconds(person.revisedAt ?? person.addedAt)
        record.dueOverride = person.dueOverride.map(wholeSeconds)
        record.addedAt = wholeSeconds(person.addedAt)
        for field in PersonField.allCases where field != .extras || person.fieldRevisions[.extras] != nil {
            record.fieldRevisions[field] = wholeSeconds(person.revision(of: field))
        }
        return record
    }

    static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    public static func card(_ person: Person) -> String { VCardWriter.card(record(person), product: product) }

    /// An interaction as a VJOURNAL: `people` everyone who was there, the person it was logged
    /// for first (X-CONNECTD-PERSON, which connectd before 2026-12 reads), and an ATTENDEE each
    /// when there are several.
    public static func interaction(_ interaction: Interaction, people: [CalendarItem.Attendee]) -> CalendarItem {
        var item = CalendarItem(kind: .journal, uid: interaction.uid, stamp: interaction.at)
        item.start = interaction.at
        item.summary = interaction.kind.rawValue
        item.description = interaction.note
        item.person = people.first?.uid
        if people.count > 1 { item.attendees = people }
        item.interactionKind = interaction.kind.rawValue
        return item
    }

    public static func reflection(_ reflection: MirroredReflection) -> CalendarItem {
        var item = CalendarItem(kind: .journal, uid: reflection.uid, stamp: reflection.answeredAt)
        item.start = reflection.answeredAt
        item.summary = reflection.prompt
        item.description = reflection.answer
        item.categories = [reflectionCategory]
        item.slot = reflection.slot
        return item
    }

    /// The nudge's UID: the same person falling due at the same instant is the same nudge on
    /// every machine.
    public static func nudgeUID(person: String, dueSince: Date) -> String { ItemIdentity.nudge(person: person, dueSince: dueSince) }

    /// A nudge as a VTODO: NEEDS-ACTION while open, COMPLETED when done, CANCELLED otherwise;
    /// `machine` is the one that delivered it.
    public static func nudge(_ nudge: NudgeRecord, person: String, name: String, machine: String) -> CalendarItem {
        var item = CalendarItem(kind: .todo, uid: nudgeUID(person: person, dueSince: nudge.dueSince), stamp: nudge.closedAt ?? nudge.deliveredAt)
        item.start = nudge.dueSince
        item.summary = "Reach out to \(name)"
        item.status = switch nudge.status {
        case .open: "NEEDS-ACTION"
        case .done: "COMPLETED"
        case .snoozed, .skipped, .expired: "CANCELLED"
        }
        item.person = person
        item.machine = nudge.deliveredOn ?? machine
        item.categories = [nudge.kind.rawValue]
        return item
    }

    /// A claim: the VTODO a machine writes for a nudge it is about to deliver, before any record.
    public static func claim(person: Person, dueSince: Date, kind: NudgeKind, at now: Date, machine: String) -> CalendarItem {
        var item = CalendarItem(kind: .todo, uid: nudgeUID(person: person.uid, dueSince: dueSince), stamp: now)
        item.start = dueSince
        item.summary = "Reach out to \(person.name)"
        item.status = "NEEDS-ACTION"
        item.person = person.uid
        item.machine = machine
        item.categories = [kind.rawValue]
        return item
    }
}
