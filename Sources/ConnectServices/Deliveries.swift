import ConnectCore
import ConnectStore
import Foundation

/// What the scheduler decided to deliver, recorded before it is announced (so a crash never loses
/// a delivery and never repeats one) and marked announced after.
public enum Deliveries {
    public enum Announcement: Sendable {
        case nudge(NudgeRecord, Person, NudgeContext)
        case prompt(PromptRecord)
        /// Did this planned catch-up happen?
        case planQuestion(PlannedCatchUp, Person)

        var nudgeID: Int64? { if case .nudge(let record, _, _) = self { record.id } else { nil } }
        var promptID: Int64? { if case .prompt(let record) = self { record.id } else { nil } }
        var planID: Int64? { if case .planQuestion(let plan, _) = self { plan.id } else { nil } }
    }

    /// Records the deliveries of a plan in the workspace's transaction; returns what to announce.
    public static func record(_ actions: [SchedulerAction], in ws: Workspace) throws -> [Announcement] {
        var announcements: [Announcement] = []
        for action in actions {
            switch action {
            case .deliverNudge(let delivery):
                guard let person = try ws.session.person(id: delivery.personID) else { continue }
                let record = try ws.session.recordNudge(delivery, at: ws.now, rule: ws.settings.ruleDescription,
                                                        timeZone: ws.calendar.identifier)
                announcements.append(.nudge(record, person, try NudgeContext.load(person, in: ws)))
            case .deliverPrompt(let delivery):
                let text = ws.settings.prompts.prompt(id: delivery.promptID)?.text ?? delivery.promptID
                let record = try ws.session.recordPrompt(delivery, text: text, at: ws.now, rule: ws.settings.ruleDescription,
                                                         timeZone: ws.calendar.identifier)
                announcements.append(.prompt(record))
            case .askWhetherItHappened(let personID):
                guard let person = try ws.session.person(id: personID) else { continue }
                announcements += try ws.session.askAboutPlans(personID: personID, at: ws.now).map { .planQuestion($0, person) }
            case .wake:
                break
            }
        }
        return announcements
    }

    /// After every channel was called.
    public static func markAnnounced(_ announcements: [Announcement], in ws: Workspace) throws {
        try ws.session.markNudgesAnnounced(ids: announcements.compactMap(\.nudgeID), at: ws.now)
        for id in announcements.compactMap(\.promptID) { try ws.session.markPromptAnnounced(id: id, at: ws.now) }
        try ws.session.markPlanQuestionsAnnounced(ids: announcements.compactMap(\.planID), at: ws.now)
    }

    /// Deliveries recorded but never announced: the daemon died in between. Announced again, late.
    public static func unannounced(in ws: Workspace) throws -> [Announcement] {
        var result: [Announcement] = []
        for var record in try ws.session.unannouncedNudges() {
            guard let person = try ws.session.person(id: record.personID) else { continue }
            record.late = true
            result.append(.nudge(record, person, try NudgeContext.load(person, in: ws)))
        }
        for var record in try ws.session.unannouncedPrompts() {
            record.late = true
            result.append(.prompt(record))
        }
        for plan in try ws.session.unannouncedPlanQuestions() {
            guard let person = try ws.session.person(id: plan.personID) else { continue }
            result.append(.planQuestion(plan, person))
        }
        return result
    }
}
