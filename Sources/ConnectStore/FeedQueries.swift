import ConnectCore
import ConnectJSON
import Foundation

/// Something a person published, as their feed says: a title in plain text, where to read it,
/// and when it was published (nil when the feed does not say).
public struct PublishedItem: Equatable, Sendable {
    public var title: String
    public var link: String?
    public var published: Date?

    public init(title: String, link: String?, published: Date?) {
        self.title = title
        self.link = link
        self.published = published
    }
}

/// A watched feed as stored.
public struct FeedRecord: Equatable, Sendable {
    public var personID: Int64
    /// What was fetched last: their feed, or a page of theirs looked through for one.
    public var url: String
    /// A feed found on one of their pages (they have none of their own).
    public var found: String?
    public var etag: String?
    public var lastModified: String?
    public var checkedAt: Date
    /// "fetched", "not modified", or why not ("HTTP 404", "not a feed: …").
    public var outcome: String
    /// The newest items first, at most three.
    public var items: [PublishedItem]

    public init(personID: Int64, url: String, found: String?, etag: String?, lastModified: String?, checkedAt: Date, outcome: String,
                items: [PublishedItem]) {
        self.personID = personID
        self.url = url
        self.found = found
        self.etag = etag
        self.lastModified = lastModified
        self.checkedAt = checkedAt
        self.outcome = outcome
        self.items = items
    }
}

extension StoreSession {
    static let feedColumns = "f.person_id, f.url, f.found, f.etag, f.last_modified, f.checked_at, f.outcome, f.items"

    public func feed(personID: Int64) throws -> FeedRecord? {
        try first("SELECT \(Self.feedColumns) FROM feed f WHERE f.person_id = ?", [.integer(personID)], Self.feedRecord)
    }

    /// The people whose feed is watched: their own (through `person_feed`), or one found on a page
    /// of theirs (through `feed_found`); never a walk of everyone.
    static let watched = """
        SELECT p.id AS id FROM person p WHERE p.feed IS NOT NULL
        UNION SELECT f.person_id FROM feed f WHERE f.found IS NOT NULL
        """

    /// The watched feeds with their people's names, by name (a page), and how many there are.
    public func feeds(limit: Int) throws -> (feeds: [(record: FeedRecord?, person: Person)], total: Int) {
        let total = try first("SELECT count(*) FROM (\(Self.watched))") { $0.int(0) } ?? 0
        let rows = try all("""
            SELECT \(Self.personColumns), \(Self.feedColumns) FROM (\(Self.watched)) w JOIN person p ON p.id = w.id
            LEFT JOIN feed f ON f.person_id = p.id ORDER BY p.name_key, p.id LIMIT ?
            """, [.integer(Int64(limit))]) { row -> (FeedRecord?, Person) in
            (row.isNull(Self.personColumnCount) ? nil : Self.feedRecord(row, from: Self.personColumnCount), try Self.person(row))
        }
        return (rows.map { (record: $0.0, person: $0.1) }, total)
    }

    /// People whose own feed (or the feed found on their page) was not checked since `before`,
    /// after id `after`, by id, at most `limit`: their id, the address and the stored validators.
    public func feedsDue(checkedBefore before: Date, after: Int64, limit: Int) throws -> [(personID: Int64, url: String, etag: String?, lastModified: String?)] {
        try all("""
            SELECT p.id, coalesce(p.feed, f.found), f.etag, f.last_modified FROM (\(Self.watched)) w JOIN person p ON p.id = w.id
            LEFT JOIN feed f ON f.person_id = p.id
            WHERE p.id > ? AND p.ignored = 0 AND (f.person_id IS NULL OR f.checked_at < ? OR coalesce(p.feed, f.found) != f.url)
            ORDER BY p.id LIMIT ?
            """, [.integer(after), .date(before), .integer(Int64(limit))]) { row in
            (row.int64(0), row.text(1), row.optionalText(2), row.optionalText(3))
        }
    }

    /// People without a feed of their own, with links, whose pages were not looked through since
    /// `before`: their id and links, by id.
    public func feedsToDiscover(lookedBefore before: Date, after: Int64, limit: Int) throws -> [(personID: Int64, links: [String])] {
        try all("""
            SELECT p.id, p.links FROM person p LEFT JOIN feed f ON f.person_id = p.id
            WHERE p.id > ? AND p.feed IS NULL AND p.links != '[]' AND p.ignored = 0 AND (f.person_id IS NULL OR (f.found IS NULL AND f.checked_at < ?))
            ORDER BY p.id LIMIT ?
            """, [.integer(after), .date(before), .integer(Int64(limit))]) { row in (row.int64(0), Self.jsonList(row.text(1))) }
    }

    public func setFeed(_ record: FeedRecord) throws {
        try change("""
            INSERT INTO feed (person_id, url, found, etag, last_modified, checked_at, outcome, items) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(person_id) DO UPDATE SET url = excluded.url, found = excluded.found, etag = excluded.etag,
                last_modified = excluded.last_modified, checked_at = excluded.checked_at, outcome = excluded.outcome, items = excluded.items
            """, [.integer(record.personID), .text(record.url), .optional(record.found), .optional(record.etag), .optional(record.lastModified),
                  .date(record.checkedAt), .text(record.outcome), record.items.isEmpty ? .null : .text(Self.publishedItems(record.items))])
    }

    static func feedRecord(_ row: SQLRow) -> FeedRecord { feedRecord(row, from: 0) }

    static func feedRecord(_ row: SQLRow, from start: Int32) -> FeedRecord {
        FeedRecord(personID: row.int64(start), url: row.text(start + 1), found: row.optionalText(start + 2), etag: row.optionalText(start + 3),
                   lastModified: row.optionalText(start + 4), checkedAt: row.date(start + 5), outcome: row.text(start + 6),
                   items: row.optionalText(start + 7).map(publishedItems) ?? [])
    }

    static func publishedItems(_ items: [PublishedItem]) -> String {
        String(decoding: JSONWriter.bytes(.array(items.map { item in
            var object: JSONObject = ["title": .string(item.title)]
            if let link = item.link { object["link"] = .string(link) }
            if let published = item.published { object["published"] = .double(published.timeIntervalSince1970) }
            return .object(object)
        })), as: UTF8.self)
    }

    static func publishedItems(_ text: String) -> [PublishedItem] {
        guard case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap { element in
            guard let title = element["title"]?.stringValue else { return nil }
            var published: Date?
            switch element["published"] {
            case .double(let seconds)?: published = Date(timeIntervalSince1970: seconds)
            case .integer(let seconds)?: published = Date(timeIntervalSince1970: Double(seconds))
            default: published = nil
            }
            return PublishedItem(title: title, link: element["link"]?.stringValue, published: published)
        }
    }
}

extension StoreSession {
    /// When a feed next falls due (the oldest check plus `every`), or a person's pages are next
    /// to be looked through (plus `lookEvery`; nil: they are not); nil when there is nothing to
    /// watch. Reads the watched people (and, with `lookEvery`, everyone with links): asked after
    /// a run, not per request.
    public func nextFeedCheck(every: TimeInterval, lookEvery: TimeInterval?) throws -> Date? {
        let feeds = try first("""
            SELECT min(coalesce(f.checked_at, 0)) FROM (\(Self.watched)) w JOIN person p ON p.id = w.id
            LEFT JOIN feed f ON f.person_id = p.id WHERE p.ignored = 0
            """) { $0.isNull(0) ? nil : $0.date(0) } ?? nil
        guard let lookEvery else { return feeds.map { $0.addingTimeInterval(every) } }
        let pages = try first("""
            SELECT min(coalesce(f.checked_at, 0)) FROM person p LEFT JOIN feed f ON f.person_id = p.id
            WHERE p.feed IS NULL AND p.links != '[]' AND p.ignored = 0 AND f.found IS NULL
            """) { $0.isNull(0) ? nil : $0.date(0) } ?? nil
        return [feeds.map { $0.addingTimeInterval(every) }, pages.map { $0.addingTimeInterval(lookEvery) }].compactMap { $0 }.min()
    }
}
