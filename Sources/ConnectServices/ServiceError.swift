import Foundation

/// What a service refuses beyond bad values (those are `CoreError`s): each case says what to do.
public enum ServiceError: Error, Equatable, Sendable {
    /// A person with this name (ignoring case) exists already.
    case personExists(name: String, id: Int64)
    /// There is no prompt to answer (prompts are off or the library is empty).
    case noPrompt(nextAt: Date?)
}
