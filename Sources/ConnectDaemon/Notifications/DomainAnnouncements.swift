import ConnectServices
import ConnectCore
import Foundation

extension Notifier {
    /// Announces what services did, once their turn committed: "Connected with Ada", "Snoozed Ada".
    func announce(_ events: [DomainEvent], calendar: LocalCalendar, now: Date) {
        for event in events {
            switch event {
            case .nudgeDone(let person, let kind):
                announce(DaemonEvent(kind: .nudgeDone, summary: "Connected with \(person.name)",
                                     body: "Logged \(kind.rawValue); the nudge is closed.", person: person, at: now))
            case .nudgeSnoozed(let person, let until):
                announce(DaemonEvent(kind: .nudgeSnoozed, summary: "Snoozed \(person.name)",
                                     body: "Next nudge not before \(HumanTime.describe(until, calendar: calendar, now: now)).",
                                     person: person, at: now))
            case .nudgeSkipped(let person, let until):
                announce(DaemonEvent(kind: .nudgeSkipped, summary: "Skipped \(person.name)",
                                     body: "Next nudge not before \(HumanTime.describe(until, calendar: calendar, now: now)).",
                                     person: person, at: now))
            case .proposalsFound(let count, let toAdd, let newest, let upTo):
                // The latest first: "Ada Lovelace: email, Fri 4 Dec 10:12 (onboarding)".
                // Someone to add: "jane.doe@example.org: 3 mails, none of your people — add them? (connectctl proposals)".
                let lines = newest.sorted { $0.proposal.at > $1.proposal.at }.map { item in
                    guard item.proposal.personID != nil else {
                        let seen = item.proposal.seen ?? 0
                        return "\(item.proposal.address): \(seen) \(item.proposal.kind == .meeting ? "meeting" : "mail")\(seen == 1 ? "" : "s"), "
                            + "none of your people — add them?"
                    }
                    return "\(item.name): \(item.proposal.kind.rawValue), \(HumanTime.describe(item.proposal.at, calendar: calendar, now: now))"
                        + (item.proposal.subject.map { " (\($0))" } ?? "")
                }
                let more = count + toAdd > newest.count ? ["… and \(count + toAdd - newest.count) more."] : []
                // "5 contacts to count", "Count this contact as a catch-up?", "2 contacts to count, 1 person to add".
                var summary = count == 1 && toAdd == 0 ? "Count this contact as a catch-up?" : count == 0 ? "" : "\(count) contact\(count == 1 ? "" : "s") to count"
                if toAdd > 0 { summary += (summary.isEmpty ? "" : ", ") + "\(toAdd) \(toAdd == 1 ? "person" : "people") to add" }
                announce(DaemonEvent(kind: .proposals, summary: summary,
                                     body: (lines + more + ["connectctl proposals lists them; accept N or all counts them."]).joined(separator: "\n"),
                                     at: now, proposalsUpTo: upTo))
            }
        }
    }
}
