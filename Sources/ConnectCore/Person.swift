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

    /// Trims the name and collapses inner whitespace; refuses a blank name.
    public static func normalizedName(_ raw: String) throws(CoreError) -> String {
        let words = raw.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { throw .emptyName }
        return words.joined(separator: " ")
    }

    /// Tags are compared case-insensitively, stored lower-case, without duplicates, in given order.
    public static func normalizedTags(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        return raw.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
