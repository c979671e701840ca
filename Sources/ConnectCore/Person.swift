import Foundation

/// Someone the user wants to stay close to, and what makes a reconnect message personal.
public struct Person: Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var cadence: Cadence
    public var met: String?
    public var interests: String?
    public var notes: String?
    public var tags: [String]
    public var links: [String]
    public var addedAt: Date
    /// Set by snooze, skip or `add --due now`: the person is next due at this instant instead of
    /// one cadence after the last contact. Logging an interaction clears it.
    public var dueOverride: Date?

    public init(
        id: Int64 = 0, name: String, cadence: Cadence, met: String? = nil, interests: String? = nil,
        notes: String? = nil, tags: [String] = [], links: [String] = [], addedAt: Date, dueOverride: Date? = nil
    ) {
        self.dueOverride = dueOverride
        self.id = id
        self.name = name
        self.cadence = cadence
        self.met = met
        self.interests = interests
        self.notes = notes
        self.tags = tags
        self.links = links
        self.addedAt = addedAt
    }

    /// A name as stored: trimmed, inner whitespace collapsed. Refuses a blank or invisible name,
    /// control characters, an overlong one, and one that reads as an id ("12", "#3"), which could
    /// never be found by name.
    public static func normalizedName(_ raw: String) throws(CoreError) -> String {
        let checked = try TextRules.check(raw, .name)
        let words = checked.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { throw .emptyName }
        let name = words.joined(separator: " ")
        guard !TextRules.isInvisible(name) else { throw .invisibleName(raw) }
        guard NameMatcher.id(in: name) == nil else { throw .nameLooksLikeID(name) }
        return name
    }

    /// Tags are compared case-insensitively, stored lower-case, without duplicates, in given order;
    /// "a,b" is two tags.
    public static func normalizedTags(_ raw: [String]) throws(CoreError) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for part in raw.flatMap({ $0.split(separator: ",") }) {
            let tag = try TextRules.check(String(part), .tag).lowercased()
            if !tag.isEmpty, seen.insert(tag).inserted { tags.append(tag) }
        }
        return tags
    }

    /// An optional text field as stored: trimmed, nil when blank.
    public static func optionalText(_ raw: String?, _ field: TextRules.Field) throws(CoreError) -> String? {
        guard let raw else { return nil }
        let text = try TextRules.check(raw, field)
        return text.isEmpty ? nil : text
    }

    /// Links as stored: trimmed, blanks dropped.
    public static func normalizedLinks(_ raw: [String]) throws(CoreError) -> [String] {
        var links: [String] = []
        for link in raw {
            let text = try TextRules.check(link, .link)
            if !text.isEmpty { links.append(text) }
        }
        return links
    }
}
