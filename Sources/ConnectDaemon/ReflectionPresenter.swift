import ConnectCore
import ConnectProtocol
import ConnectStore
import Foundation

/// Wire forms of prompts and the weekly streak.
enum ReflectionPresenter {
    static func info(_ record: PromptRecord) -> ReflectionInfo {
        ReflectionInfo(id: record.id, promptId: record.promptID, text: record.text, slot: PersonPresenter.timestamp(record.slot),
                       deliveredAt: PersonPresenter.timestamp(record.deliveredAt), late: record.late,
                       answers: record.answers.map { AnswerInfo(text: $0.text, at: PersonPresenter.timestamp($0.at)) })
    }

    /// Weeks in a row answered, from the latest prompts.
    static func streak(_ session: StoreSession, now: Date) throws -> Int {
        let recent = try session.promptDeliveries(limit: 520)
        return ReflectionStreak.weeks(recent.map { ($0.slot, !$0.answers.isEmpty) }, now: now)
    }
}
