import ConnectCore
import ConnectStore
import Foundation

/// The weekly reflection: the current prompt, answering it, the past ones and the streak.
public enum Reflecting {
    public struct PromptState: Sendable {
        public let current: PromptRecord?
        public let next: PromptLibrary.Prompt?
        public let nextAt: Date?
    }

    public static func prompt(in ws: Workspace) throws -> PromptState {
        let current = try ws.session.promptDeliveries(limit: 1).first
        return PromptState(current: current, next: ws.settings.prompts.next(after: ws.live.scheduler.promptHistory),
                           nextAt: Scheduler.nextPrompt(ws.live.scheduler, after: ws.now, rules: ws.settings.rules))
    }

    /// Stores an answer to the latest prompt. Before the first prompt has come, the question
    /// `prompt` shows is the one answered: it is delivered now, for its slot, so it does not
    /// come again when the slot arrives.
    public static func reflect(_ answer: String, in ws: Workspace) throws -> PromptRecord {
        var latest = try ws.session.promptDeliveries(limit: 1).first
        if latest == nil {
            let state = try prompt(in: ws)
            guard let next = state.next, let slot = state.nextAt else { throw ServiceError.noPrompt(nextAt: state.nextAt) }
            let record = try ws.session.recordPrompt(PromptDelivery(promptID: next.id, slot: slot, late: false), text: next.text,
                                                     at: ws.now, rule: ws.settings.ruleDescription, timeZone: ws.calendar.identifier)
            try ws.session.markPromptAnnounced(id: record.id, at: ws.now)
            latest = record
        }
        guard let delivery = latest else { throw ServiceError.noPrompt(nextAt: nil) }
        try ws.session.insertReflection(promptDeliveryID: delivery.id, answer: answer, at: ws.now)
        return try ws.session.promptDelivery(id: delivery.id) ?? delivery
    }

    public static func reflections(limit: Int, in ws: Workspace) throws -> (records: [PromptRecord], streak: Int) {
        (try ws.session.promptDeliveries(limit: limit), ws.live.streak(now: ws.now))
    }
}
