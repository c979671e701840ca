/// The weekly reflection prompts. Each has a stable id so that history survives edits to the list.
/// Rotation: in library order, skipping prompts already used in the current round, so none repeats
/// until all have been asked.
public struct PromptLibrary: Equatable, Sendable {
    public struct Prompt: Equatable, Sendable {
        public let id: String
        public let text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    public let prompts: [Prompt]

    public init(prompts: [Prompt]) {
        self.prompts = prompts
    }

    /// Parses lines of the form `id | text`; blank lines and `#` comments are skipped.
    public init(text: String) throws(CoreError) {
        var prompts: [Prompt] = []
        var seen = Set<String>()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, seen.insert(parts[0]).inserted else {
                throw .invalidPromptLine(number + 1)
            }
            prompts.append(Prompt(id: parts[0], text: parts[1]))
        }
        self.prompts = prompts
    }

    public func prompt(id: String) -> Prompt? { prompts.first { $0.id == id } }

    /// The prompt to ask after `history` (ids asked so far, oldest first).
    public func next(after history: [String]) -> Prompt? {
        guard !prompts.isEmpty else { return nil }
        var usedThisRound = Set<String>()
        let known = Set(prompts.map(\.id))
        for id in history where known.contains(id) {
            usedThisRound.insert(id)
            if usedThisRound.count == prompts.count { usedThisRound.removeAll() }
        }
        return prompts.first { !usedThisRound.contains($0.id) }
    }
}
