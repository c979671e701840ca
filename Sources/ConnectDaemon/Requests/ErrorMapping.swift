import ConnectCore
import ConnectJSON
import ConnectProtocol
import ConnectServices
import ConnectStore
import Foundation

/// Every error a request can meet, as the Varlink error the client sees: the one place where
/// domain errors become wire errors. Each carries a sentence that says what to do.
struct ErrorMapping {
    let calendar: LocalCalendar
    let now: Date

    func varlinkError(for error: any Error) -> VarlinkError {
        switch error {
        case let error as VarlinkError: return error
        case let error as ParameterError: return .invalidParameter(error.name, error.message)
        case let error as CoreError:
            switch error {
            case .personNotFound(let query): return .personNotFound(query, error.description)
            case .ambiguousName(let query, let candidates, _): return .ambiguousName(query, candidates: candidates, error.description)
            case .relatedToSelf: return .invalidParameter("related", error.description)
            default: return .invalidParameter("parameters", error.description)
            }
        case let error as ServiceError:
            switch error {
            case .personExists(let name, let id): return .personExists(name, id: id)
            case .noPrompt(let nextAt): return .noPrompt(nextAt: nextAt.map { HumanTime.describe($0, calendar: calendar, now: now) })
            case .importRefused(let skipped, let first):
                return .importFailed("Nothing was imported: with --strict, \(skipped == 1 ? "1 record" : "\(skipped) records") could not be used (first: \(first)). "
                    + "Fix the file, or import without --strict to skip them.")
            case .importUnreadable(let reason): return .importFailed(reason)
            case .noSuchFollowUp(let name, let number, let open):
                return .invalidParameter("closes", open == 0
                    ? "\(name) has no open follow-ups, so there is no number \(number) to close."
                    : "\(name) has \(open == 1 ? "1 open follow-up" : "\(open) open follow-ups") (numbered 1 to \(open) in 'connectctl show'), not a number \(number).")
            case .noSuchContactPoint(let name, let what, let value, let present):
                return .invalidParameter(what.hasPrefix("e-mail") ? "removeEmails" : "removePhones",
                                         "\(name) has no \(what) \(CoreError.quote(value))"
                                         + (present.isEmpty ? "." : " (they have: \(present.joined(separator: ", "))).") + " Nothing was changed.")
            case .metAlready(let name, let id, let last):
                return .invalidParameter("wantToMeet", "You are in touch with \(name) already (last contact \(HumanTime.describe(last, calendar: calendar, now: now))): "
                                         + "someone to meet is someone you have not met yet. Their cadence: 'connectctl edit \(id) --every 1m'.")
            case .circleMaximumTooShort(let every, let atMost):
                return .invalidParameter("atMost", "A circle's maximum (\(atMost.length)) must be longer than its cadence (\(every.length)): "
                                         + "it is the line after which people count as overdue.")
            case .noSuchCircle(let name):
                return .invalidParameter("name", "There is no circle \(CoreError.quote(name)): 'connectctl circle' lists them, "
                                         + "'connectctl circle \(name) --every 1m' makes one.")
            case .invalidCircleName(let name):
                return .invalidParameter("name", "\(CoreError.quote(name)) is not one tag: a circle is named by a single tag, like founders.")
            case .notInCircle(let name, let id):
                return .invalidParameter("every", "\(name) is in no circle (none of their tags is one), so there is no circle's cadence to follow: "
                                         + "give one with 'connectctl edit \(id) --every 1m', or make a circle of one of their tags.")
            case .pauseNotAhead(let day):
                return .invalidParameter("until", "\(day) is not after today: a pause lasts until a coming day, like "
                                         + "'connectctl pause --until \(calendar.day(of: now).adding(days: 14).map { "\($0)" } ?? "2027-01-05")'.")
            case .pauseTooLong(let day, let longest):
                return .invalidParameter("until", "\(day) is more than \(longest) days away: check the year, or pause again later.")
            case .noSuchProposal(let id):
                return .invalidParameter("ids", "There is no open proposal \(id): 'connectctl proposals' lists them (accepted and dismissed ones are done).")
            case .noSuchPlan(let id):
                return .invalidParameter("id", "There is no plan \(id): 'connectctl planned' lists the open ones.")
            case .planClosed(let id, let state):
                return .invalidParameter("id", "Plan \(id) \(state == .happened ? "happened already (it is in the history)" : "was cancelled"): "
                                         + "'connectctl planned' lists the open ones; plan again with 'connectctl plan'.")
            case .planNotYet(let id, let start):
                return .invalidParameter("id", "Plan \(id) is for \(HumanTime.describe(start, calendar: calendar, now: now)), which has not come yet: "
                                         + "after it, say 'connectctl happened \(id)'; to change it, 'connectctl move \(id) WHEN' or 'connectctl cancel \(id)'.")
            case .unsearchable(let text, let words):
                return .invalidParameter("text", words == 0
                    ? "\(CoreError.quote(text)) has no letters or digits to search for: search for words, like 'connectctl search sourdough'."
                    : "The search is too long: at most \(Search.maxWords) words and \(Search.maxCharacters) characters are looked for. "
                        + "Leave out the common words.")
            case .tooManyPeople(let count, let most):
                return .invalidParameter("with", "One interaction can be with at most \(most) people, not \(count): "
                                         + "log a large gathering with the people you really talked to.")
            case .mergeWithItself(let name, let id):
                return .invalidParameter("from", "Both names are \(name) (#\(id)): name the two records to merge, e.g. by their ids from 'connectctl ls'.")
            case .notInTrash(let query):
                return .personNotFound(query, "Nobody in the trash matches \(CoreError.quote(query)) (removed people stay there 30 days, under the "
                                       + "id they had): run 'connectctl trash' to see who is there.")
            case .notScheduled(let name, let id, let ignored):
                return .invalidParameter("person", ignored
                    ? "\(name) is ignored, so never nudged: 'connectctl edit \(id) --unignore' brings them back."
                    : "\(name) has no cadence yet, so nothing to postpone: give one with 'connectctl edit \(id) --every 1m' or 'connectctl triage'.")
            }
        case let error as StoreError: return .storageFailed(error.description)
        default: return .internalError("\(error)")
        }
    }
}
