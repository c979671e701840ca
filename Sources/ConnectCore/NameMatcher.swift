/// Turns what the user typed ("ada", "Ada L", "#12", "12", "zoe") into exactly one person, or a
/// helpful refusal. The store narrows the candidates with its indexes; these are the rules.
public enum NameMatcher {
    public struct Candidate: Equatable, Sendable {
        public let id: Int64
        public let name: String
        public init(id: Int64, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The id of `12` or `#12`, if the query is one.
    public static func id(in query: String) -> Int64? {
        let trimmed = query.trimmingSpaces
        let digits = trimmed.hasPrefix("#") ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }

    /// Rules, after the id: the whole name, folded (case, accents, width), is the query; otherwise
    /// every word of the query is the start of a different word of the name. One match wins,
    /// none is `personNotFound`, several is `ambiguousName`. `total` is how many matched when the
    /// store stopped looking (it passes at most a bounded number of candidates).
    public static func choose(_ query: String, among candidates: [Candidate], total: Int? = nil) throws(CoreError) -> Int64 {
        let wanted = NameKey.fold(query)
        let queryWords = wanted.split(separator: " ").map(String.init)
        guard !queryWords.isEmpty else { throw .personNotFound(query) }
        let exact = candidates.filter { NameKey.fold($0.name) == wanted }
        if exact.count == 1 { return exact[0].id }
        let matches = candidates.filter { matchesWords(queryWords, name: $0.name) }
        switch matches.count {
        case 1: return matches[0].id
        case 0: throw .personNotFound(query)
        default:
            let shown = matches.prefix(10).map { "\($0.name) (#\($0.id))" }
            throw .ambiguousName(query, candidates: shown, total: max(total ?? matches.count, matches.count))
        }
    }

    /// Every query word is a prefix of a different word of the name.
    public static func matchesWords(_ queryWords: [String], name: String) -> Bool {
        var nameWords = NameKey.searchWords(name)
        for word in queryWords {
            guard let index = nameWords.firstIndex(where: { $0.hasPrefix(word) }) else { return false }
            nameWords.remove(at: index)
        }
        return true
    }
}
