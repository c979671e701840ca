/// Turns what the user typed ("ada", "Ada L", "#12", "12") into exactly one person, or a helpful refusal.
public enum NameMatcher {
    public struct Candidate: Sendable {
        public let id: Int64
        public let name: String
        public init(id: Int64, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// Rules, in order: an id (`12` or `#12`); the full name, case-insensitive; otherwise every word of
    /// the query must be a case-insensitive prefix of a different word of the name. One match wins,
    /// none is `personNotFound`, several is `ambiguousName` listing them.
    public static func resolve(_ query: String, among people: [Candidate]) throws(CoreError) -> Int64 {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        let idText = trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed
        if let id = Int64(idText), people.contains(where: { $0.id == id }) { return id }

        let wanted = trimmed.lowercased()
        let exact = people.filter { $0.name.lowercased() == wanted }
        if exact.count == 1 { return exact[0].id }

        let queryWords = wanted.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !queryWords.isEmpty else { throw .personNotFound(query) }
        let matches = people.filter { matchesWords(queryWords, name: $0.name) }
        switch matches.count {
        case 1: return matches[0].id
        case 0: throw .personNotFound(query)
        default: throw .ambiguousName(query, candidates: matches.map { "\($0.name) (#\($0.id))" })
        }
    }

    static func matchesWords(_ queryWords: [String], name: String) -> Bool {
        var nameWords = name.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "-" }).map(String.init)
        for word in queryWords {
            guard let index = nameWords.firstIndex(where: { $0.hasPrefix(word) }) else { return false }
            nameWords.remove(at: index)
        }
        return true
    }
}
