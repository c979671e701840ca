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
            }
        }
    }
}
