/// Everything the domain can refuse, each with a sentence that says what to do instead.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCadence(String)
    case invalidWhen(String)
    case whenInFuture(String)
    case invalidKind(String)
    case emptyName
    case personNotFound(String)
    case ambiguousName(String, candidates: [String])
    case invalidPromptLine(Int)

    public var description: String {
        switch self {
        case .invalidCadence(let text):
            "'\(text)' is not a cadence: use a number and a unit, like 3d, 2w, 6w, 1m, 3m, 1y or '3 weeks' (at most 10 years)."
        case .invalidWhen(let text):
            "'\(text)' is not a time: use 2026-11-28, '2026-11-28 14:30', today, yesterday, '3 days ago' or a weekday name like friday."
        case .whenInFuture(let text):
            "'\(text)' is in the future: log what already happened (use a past date or leave --at out for now)."
        case .invalidKind(let text):
            "'\(text)' is not an interaction kind: use one of \(InteractionKind.allCases.map(\.rawValue).joined(separator: ", "))."
        case .emptyName:
            "A person needs a name: give at least one non-blank word."
        case .personNotFound(let query):
            "Nobody matches '\(query)': check the spelling, or run 'connectctl ls' to see everyone."
        case .invalidPromptLine(let line):
            "Prompt library line \(line) is not 'id | text' (or repeats an id): fix that line."
        case .ambiguousName(let query, let candidates):
            "'\(query)' matches \(candidates.count) people (\(candidates.joined(separator: ", "))): type more of the name, or use the id."
        }
    }
}
