import ConnectCore
import ConnectTime
import Foundation

/// What a service refuses beyond bad values (those are `CoreError`s): each case says what to do.
public enum ServiceError: Error, Equatable, Sendable {
    /// A person with this name (ignoring case) exists already.
    case personExists(name: String, id: Int64)
    /// There is no prompt to answer (prompts are off or the library is empty).
    case noPrompt(nextAt: Date?)
    /// Snooze or skip for someone who is not scheduled (no cadence yet, or ignored).
    case notScheduled(name: String, id: Int64, ignored: Bool)
    /// A strict import met records it could not use; nothing was imported.
    case importRefused(skipped: Int, first: String)
    /// An import file is none of the formats connectd reads, or cannot be read.
    case importUnreadable(String)
    /// `--closes N` for a follow-up the person does not have (`open` is how many they have).
    case noSuchFollowUp(name: String, number: Int, open: Int)
    /// Restore of someone the trash does not hold.
    case notInTrash(String)
    /// `edit --remove-email` (or phone) of a value the person does not have.
    case noSuchContactPoint(name: String, what: String, value: String, present: [String])
    /// `edit --want-to-meet` for someone already in touch.
    case metAlready(name: String, id: Int64, lastContact: Date)
    /// A circle whose maximum is not longer than its cadence.
    case circleMaximumTooShort(every: Cadence, atMost: Cadence)
    case noSuchCircle(String)
    /// A circle name that is not one tag ("a,b").
    case invalidCircleName(String)
    /// `edit --every circle` for someone in no circle.
    case notInCircle(name: String, id: Int64)
    /// A merge of someone with themselves.
    case mergeWithItself(name: String, id: Int64)
    /// A pause that ends today or before.
    case pauseNotAhead(CivilDate)
    /// A pause of more than `longestDays`.
    case pauseTooLong(CivilDate, longestDays: Int)
    /// Accept or dismiss of a proposal that is not open (or never was).
    case noSuchProposal(Int64)
    /// A plan number that was never made.
    case noSuchPlan(Int64)
    /// A plan that happened or was cancelled already.
    case planClosed(Int64, PlannedCatchUp.State)
    /// "It happened" for a plan whose time has not come.
    case planNotYet(Int64, Date)
    /// A search with no letters or digits in it, or with more words than a search looks for.
    case unsearchable(String, words: Int)
    /// One interaction with more people than `InteractionLog.maxPeople`.
    case tooManyPeople(Int, most: Int)
}
