import ConnectCore
import ConnectProtocol
import Foundation

/// Converts domain values to their wire form. Times cross the socket as RFC 3339 UTC strings.
enum PersonPresenter {
    static func info(_ person: Person, lastContact: Interaction?, now: Date, calendar: Calendar) -> PersonInfo {
        let status = DueStatus(person: person, lastContact: lastContact?.at, now: now, calendar: calendar)
        return PersonInfo(
            id: person.id, name: person.name, cadence: person.cadence.description, cadenceText: person.cadence.phrase,
            met: person.met, into: person.interests, notes: person.notes, tags: person.tags, links: person.links,
            addedAt: timestamp(person.addedAt), lastContact: lastContact.map { timestamp($0.at) },
            lastKind: lastContact?.kind.rawValue, nextDue: timestamp(status.nextDue),
            overdueRatio: (status.overdueRatio * 1000).rounded() / 1000, due: status.isDue)
    }

    static func info(_ interaction: Interaction, personName: String) -> InteractionInfo {
        InteractionInfo(id: interaction.id, personId: interaction.personID, personName: personName,
                        kind: interaction.kind.rawValue, at: timestamp(interaction.at), note: interaction.note)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. 2026-11-29T02:10:14.123Z.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
