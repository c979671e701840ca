import ConnectCore
import ConnectStore
import Foundation

/// Finds what you wrote down: people by their name and the fields you typed about them (how
/// you met, what they are into, notes, organization, title, tags), interaction notes, follow-ups
/// and reflections. Every word must be found, each as the start of a word ("sourd" finds
/// "sourdough"; words under three letters as whole words), folded as names are; characters of scripts written without spaces as a phrase.
/// Whatever is typed becomes quoted words, so FTS5's own syntax (`"`, `*`, `NEAR(`, `AND`)
/// is only text here and never an error.
public enum Search {
    /// The most words one search looks for.
    public static let maxWords = 16
    /// The most places one call shows.
    public static let maxHits = 500

    /// Where the words were found.
    public struct Hit: Equatable, Sendable {
        public var personID: Int64?
        public var personName: String?
        /// name, organization, title, met, found, into, notes or tags; an interaction's kind;
        /// follow-up; reflection.
        public var field: String
        public var at: Date?
        /// The text around the first words found, each found word in [brackets].
        public var snippet: String
    }

    /// How many places are ranked at most; beyond, the newest are shown (`Found.capped`).
    public static let rankable = 5000
    /// Words shorter than this are whole words, not starts: "ta" would be the start of a
    /// quarter of a million words in a million notes.
    static let shortestStart = 3

    /// What a search found.
    public struct Found: Equatable, Sendable {
        public var hits: [Hit]
        /// How many places have the words; with `capped`, more than this many.
        public var total: Int
        /// More than `rankable` places have the words: the hits are the newest, unranked.
        public var capped: Bool
    }

    /// The best `limit` places that have every word of `text` (the newest when there are more
    /// than `rankable`), and how many there are.
    public static func run(_ text: String, limit: Int, in ws: Workspace) throws -> Found {
        let terms = try terms(of: text)
        let (matches, counted) = try ws.session.searchMatches(query(terms), limit: limit, rankable: rankable)
        var hits: [Hit] = []
        for match in matches {
            if let hit = try hit(match, terms: terms, in: ws) { hits.append(hit) }
        }
        return Found(hits: hits, total: min(counted, rankable), capped: counted > rankable)
    }

    /// A word to find: the start of a word, or characters in a row.
    struct Term: Equatable {
        var folded: [String]
        var isPhrase: Bool
        /// The term as typed: what the FTS5 query quotes, so that SQLite's call of the same
        /// tokenizer makes the very words the index holds (folded words tokenized again are not
        /// always themselves: a Hangul syllable folds to jamo, each a word of its own).
        var written: String
    }

    /// The longest search, in characters.
    public static let maxCharacters = 200

    /// The words of a search, characters of scripts without spaces joined into phrases.
    static func terms(of text: String) throws -> [Term] {
        guard text.unicodeScalars.count <= maxCharacters else { throw ServiceError.unsearchable(text, words: maxWords + 1) }
        var terms: [Term] = []
        var previousEnd = -1
        let bytes = Array(text.utf8)
        for word in SearchWords.words(text) {
            let written = String(decoding: bytes[word.bytes], as: UTF8.self)
            if word.isCharacter, let last = terms.last, last.isPhrase, previousEnd == word.bytes.lowerBound {
                terms[terms.count - 1].folded.append(word.folded)
                terms[terms.count - 1].written += written
            } else {
                terms.append(Term(folded: [word.folded], isPhrase: word.isCharacter, written: written))
            }
            previousEnd = word.bytes.upperBound
        }
        guard !terms.isEmpty, terms.count <= maxWords else { throw ServiceError.unsearchable(text, words: terms.count) }
        return terms
    }

    /// The FTS5 query: every term, a word as a quoted prefix, characters as a quoted phrase.
    static func query(_ terms: [Term]) -> String {
        terms.map { term in
            let quoted = "\"" + term.written.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return term.isPhrase || term.folded[0].unicodeScalars.count < shortestStart ? quoted : quoted + " *"
        }.joined(separator: " AND ")
    }

    private static func hit(_ match: SearchMatch, terms: [Term], in ws: Workspace) throws -> Hit? {
        switch match.source {
        case .person:
            guard let person = try ws.session.person(id: match.id) else { return nil }
            let fields = SearchIndex.personFields.map { ($0.field, $0.text(person)) }
            // The field with the most of the words, the first of those; the name (shown anyway)
            // only when no other field has any.
            var best: (field: String, snippet: String, terms: Int)?
            for (field, text) in fields.dropFirst() + fields.prefix(1) {
                guard let text, let found = snippet(text, terms: terms), found.terms > best?.terms ?? 0 else { continue }
                best = (field, found.text, found.terms)
            }
            return Hit(personID: person.id, personName: person.name, field: best?.field ?? "name", at: nil, snippet: best?.snippet ?? person.name)
        case .interaction:
            guard let (interaction, name) = try ws.session.interaction(id: match.id), let note = interaction.note else { return nil }
            return Hit(personID: interaction.personID, personName: name, field: interaction.kind.rawValue, at: interaction.at,
                       snippet: snippet(note, terms: terms)?.text ?? note)
        case .followUp:
            guard let (followUp, name) = try ws.session.followUp(id: match.id) else { return nil }
            return Hit(personID: followUp.personID, personName: name, field: "follow-up", at: followUp.createdAt,
                       snippet: snippet(followUp.text, terms: terms)?.text ?? followUp.text)
        case .reflection:
            guard let (answer, at) = try ws.session.reflection(id: match.id) else { return nil }
            return Hit(personID: nil, personName: nil, field: "reflection", at: at, snippet: snippet(answer, terms: terms)?.text ?? answer)
        }
    }

    /// Words of context before the first word found, and how many words a snippet shows.
    static let wordsBefore = 5, wordsShown = 16

    /// `text` around its first word found, each found word in [brackets], on one line, and how
    /// many of the terms it has; nil when it has none.
    static func snippet(_ text: String, terms: [Term]) -> (text: String, terms: Int)? {
        let words = SearchWords.words(text)
        var found = [Bool](repeating: false, count: words.count)
        var termsFound = 0
        for term in terms {
            var matched = false
            if term.isPhrase {
                let count = term.folded.count
                guard words.count >= count else { continue }
                for start in 0...(words.count - count) where (0..<count).allSatisfy({ words[start + $0].isCharacter && words[start + $0].folded == term.folded[$0] }) {
                    for index in start..<(start + count) { found[index] = true }
                    matched = true
                }
            } else if let prefix = term.folded.first {
                let whole = prefix.unicodeScalars.count < shortestStart
                for (index, word) in words.enumerated() where whole ? word.folded == prefix : word.folded.hasPrefix(prefix) {
                    found[index] = true
                    matched = true
                }
            }
            if matched { termsFound += 1 }
        }
        guard let first = found.firstIndex(of: true) else { return nil }
        let from = max(0, min(first - wordsBefore, words.count - wordsShown)), through = min(words.count, from + wordsShown) - 1
        let bytes = Array(text.utf8)
        var result = from > 0 ? "… " : ""
        var cursor = words[from].bytes.lowerBound
        // Found words that touch (characters of a phrase) share one pair of brackets.
        func joinsNext(_ index: Int) -> Bool {
            index < through && found[index] && found[index + 1] && words[index].bytes.upperBound == words[index + 1].bytes.lowerBound
        }
        for index in from...through {
            let word = words[index]
            result += String(decoding: bytes[cursor..<word.bytes.lowerBound], as: UTF8.self)
            let opens = found[index] && !(index > from && joinsNext(index - 1))
            let closes = found[index] && !joinsNext(index)
            result += (opens ? "[" : "") + String(decoding: bytes[word.bytes], as: UTF8.self) + (closes ? "]" : "")
            cursor = word.bytes.upperBound
        }
        let end = through == words.count - 1 ? bytes.count : cursor
        result += String(decoding: bytes[cursor..<end], as: UTF8.self)
        if end < bytes.count { result += " …" }
        return (String(result.map { $0.isNewline || $0 == "\t" ? " " : $0 }), termsFound)
    }
}
