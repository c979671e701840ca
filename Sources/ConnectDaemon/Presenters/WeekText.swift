import ConnectCore
import ConnectServices
import ConnectTime
import Foundation

/// The week in review in words: the body of the Sunday prompt and what `connectctl week` prints.
enum WeekText {
    static func render(_ review: WeekReview, calendar: LocalCalendar) -> String {
        func day(_ date: Date) -> String { CalendarNames.day(calendar.day(of: date)) }
        var lines: [String] = []
        if review.connections == 0 {
            lines.append("This week (since \(day(review.from))): no connections logged.")
        } else {
            let kinds = review.byKind.map { kind in
                "\(plural(kind.count, kind.kind.rawValue, kind.kind.plural)) (\(kind.people.prefix(4).joined(separator: ", "))\(kind.people.count > 4 ? ", …" : ""))"
            }
            lines.append("This week (since \(day(review.from))): \(plural(review.connections, "connection")) with "
                         + "\(plural(review.people, "person", "people")) — \(kinds.joined(separator: ", ")).")
        }
        if review.openFollowUps > 0 {
            let items = review.followUps.map { "\($0.personName): \($0.followUp.text) (since \(day($0.followUp.createdAt)))" }
            lines.append("Open follow-ups: \(review.openFollowUps) — \(items.joined(separator: "; "))\(review.openFollowUps > items.count ? "; …" : "").")
        } else {
            lines.append("No open follow-ups.")
        }
        if review.openProposals > 0 {
            lines.append("Found in what you sent: \(plural(review.openProposals, "contact")) to count — connectctl proposals.")
        }
        if !review.planned.isEmpty {
            let plans = review.planned.map { item in
                let local = calendar.local(item.plan.startsAt)
                return "\(item.plan.kind.rawValue) with \(item.name) on \(day(item.plan.startsAt)) \(CivilDate.pad(local.hour, 2)):\(CivilDate.pad(local.minute, 2))"
                    + (item.plan.startsAt < review.until ? " (did it happen? connectctl happened \(item.plan.id))" : "")
            }
            lines.append("Planned: " + plans.joined(separator: "; ") + ".")
        }
        if !review.mostOverdue.isEmpty {
            lines.append("Most overdue: " + review.mostOverdue.map { "\($0.name) (due since \(day($0.dueSince)))" }.joined(separator: ", ") + ".")
        }
        lines.append(review.streak == 0 ? "No reflection streak yet." : "Reflection: \(plural(review.streak, "week")) in a row.")
        if let question = review.question { lines.append(question + " Answer with: connectctl reflect \"...\"") }
        return lines.joined(separator: "\n")
    }

    static func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
        count == 1 ? "1 \(one)" : "\(count) \(many ?? one + "s")"
    }
}
