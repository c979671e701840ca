import ConnectCore
import ConnectStore
import Foundation

/// What people publish, from their feeds: which feeds the fetcher (a program outside the
/// daemon) fetches when, what it brought, and the newest items a nudge and `show` use. The
/// daemon never fetches anything itself; it hands feeds out and keeps what comes back.
public enum Feeds {
    /// A feed is fetched at most once a day (a little less, so that a daily run takes each).
    public static let fetchEvery: TimeInterval = 23 * 3600
    /// `feeds --now` fetches every feed not fetched in the last ten minutes.
    public static let fetchAgainAfter: TimeInterval = 600
    /// A person's pages are looked through for a feed at most once a month.
    public static let lookAgainAfter: TimeInterval = 30 * 86400
    /// Items kept per person, newest first.
    public static let keptItems = 3
    /// The longest title kept (a feed's title is shown, never typed).
    public static let titleLimit = 300
    /// Pages of these sites are never looked through (they have no feeds, and a crawl of
    /// 100,000 profile pages would be abuse).
    static let pagesWithoutFeeds = ["linkedin.com", "facebook.com", "instagram.com", "twitter.com", "x.com", "tiktok.com"]

    public struct ToFetch: Equatable, Sendable {
        public var personID: Int64
        public var url: String
        public var etag: String?
        public var lastModified: String?
        /// `url` is a page of theirs to look through for a feed.
        public var discover: Bool
    }

    /// Feeds to fetch now, at most `limit`, each stamped as checked now so that no second run
    /// takes it; then, with `discover`, people's pages to look through for a feed, with what
    /// room is left.
    public static func toFetch(all: Bool, discover: Bool, limit: Int, in ws: Workspace) throws -> [ToFetch] {
        let session = ws.session
        var result: [ToFetch] = []
        for due in try session.feedsDue(checkedBefore: ws.now.addingTimeInterval(-(all ? fetchAgainAfter : fetchEvery)), after: 0, limit: limit) {
            var record = try session.feed(personID: due.personID)
                ?? FeedRecord(personID: due.personID, url: due.url, found: nil, etag: nil, lastModified: nil, checkedAt: ws.now, outcome: "", items: [])
            if record.url != due.url { (record.etag, record.lastModified) = (nil, nil) }
            record.url = due.url
            record.checkedAt = ws.now
            record.outcome = "being fetched"
            try session.setFeed(record)
            result.append(ToFetch(personID: due.personID, url: due.url, etag: record.etag, lastModified: record.lastModified, discover: false))
        }
        guard discover, result.count < limit else { return result }
        for candidate in try session.feedsToDiscover(lookedBefore: ws.now.addingTimeInterval(-lookAgainAfter), after: 0, limit: limit - result.count) {
            let page = candidate.links.first(where: isPageToLookThrough)
            try session.setFeed(FeedRecord(personID: candidate.personID, url: page ?? candidate.links.first ?? "", found: nil, etag: nil, lastModified: nil,
                                           checkedAt: ws.now, outcome: page == nil ? "no page of theirs to look through" : "being looked through", items: []))
            if let page { result.append(ToFetch(personID: candidate.personID, url: page, etag: nil, lastModified: nil, discover: true)) }
        }
        return result
    }

    /// An http(s) page not on a site that has no feeds.
    static func isPageToLookThrough(_ link: String) -> Bool {
        let lower = link.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        let host = lower.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
        return !host.isEmpty && !pagesWithoutFeeds.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    public struct Fetched: Sendable {
        public var personID: Int64
        public var url: String
        public var ok: Bool
        public var outcome: String
        public var etag: String?
        public var lastModified: String?
        /// A feed found on a page looked through.
        public var feedURL: String?
        public var items: [PublishedItem]

        public init(personID: Int64, url: String, ok: Bool, outcome: String, etag: String?, lastModified: String?, feedURL: String?,
                    items: [PublishedItem]) {
            self.personID = personID
            self.url = url
            self.ok = ok
            self.outcome = outcome
            self.etag = etag
            self.lastModified = lastModified
            self.feedURL = feedURL
            self.items = items
        }
    }

    /// Keeps what a fetch brought. Everything in it is checked as coming from outside: titles
    /// become plain text, links must be http(s), dates in the future are dropped, three items
    /// at most; a failed fetch keeps the items there were.
    public static func record(_ fetched: Fetched, in ws: Workspace) throws {
        guard try ws.session.person(id: fetched.personID) != nil else { throw CoreError.personNotFound("#\(fetched.personID)") }
        var record = try ws.session.feed(personID: fetched.personID)
            ?? FeedRecord(personID: fetched.personID, url: fetched.url, found: nil, etag: nil, lastModified: nil, checkedAt: ws.now, outcome: "", items: [])
        record.url = String(fetched.url.prefix(2000))
        record.checkedAt = ws.now
        record.outcome = TextRules.cleaned(fetched.outcome, limit: 300)
        guard fetched.ok else { return try ws.session.setFeed(record) }
        record.etag = fetched.etag.map { TextRules.cleaned($0, limit: 200) }
        record.lastModified = fetched.lastModified.map { TextRules.cleaned($0, limit: 100) }
        if let found = fetched.feedURL.flatMap({ try? Person.feedURL($0) }) {
            // The page led to a feed, which was fetched too: it is what is watched from now on.
            record.found = found
            record.url = found
        }
        if !fetched.items.isEmpty || record.outcome != "not modified" { record.items = cleaned(fetched.items, now: ws.now) }
        try ws.session.setFeed(record)
    }

    static func cleaned(_ items: [PublishedItem], now: Date) -> [PublishedItem] {
        let kept = items.prefix(100).compactMap { item -> PublishedItem? in
            let title = TextRules.cleaned(item.title, limit: titleLimit)
            guard !title.isEmpty else { return nil }
            let link = item.link.flatMap { try? Person.feedURL($0) }
            let published = item.published.flatMap { $0 <= now.addingTimeInterval(86400) ? $0 : nil }
            return PublishedItem(title: title, link: link, published: published)
        }
        // Newest first; items without a date keep the feed's order after those with one.
        let dated = kept.filter { $0.published != nil }.sorted { $0.published! > $1.published! }
        return Array((dated + kept.filter { $0.published == nil }).prefix(keptItems))
    }

    /// The newest thing someone published within `days` before now, for a nudge to lead with.
    public static func recent(of personID: Int64, days: Double = 30, in ws: Workspace) throws -> PublishedItem? {
        guard let item = try ws.session.feed(personID: personID)?.items.first, let published = item.published,
              published > ws.now.addingTimeInterval(-days * 86400) else { return nil }
        return item
    }
}
