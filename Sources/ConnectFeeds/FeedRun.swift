import Foundation

/// One feed to fetch, as the daemon hands it out, and what came of it, as the daemon takes it.
public struct FeedJob: Sendable {
    public var personID: Int64
    public var url: String
    public var etag: String?
    public var lastModified: String?
    /// `url` is a page to look through for a feed.
    public var discover: Bool

    public init(personID: Int64, url: String, etag: String?, lastModified: String?, discover: Bool) {
        self.personID = personID
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.discover = discover
    }
}

public struct FeedReport: Sendable {
    public var job: FeedJob
    public var ok: Bool
    public var outcome: String
    public var etag: String?
    public var lastModified: String?
    public var feedURL: String?
    public var entries: [FeedEntry]
}

/// Fetches the jobs, at most `concurrency` at once: a feed is read (or found not modified); a
/// page is looked through for a feed, which is then read.
public struct FeedRun: Sendable {
    public let fetcher: FeedFetcher
    public let concurrency: Int
    /// Pages (and the feeds they name) on this machine or a private network are looked through
    /// too: only for tests and a home server of your own (`connectd-feeds --private-pages`).
    public let privatePages: Bool

    public init(fetcher: FeedFetcher, concurrency: Int = 8, privatePages: Bool = false) {
        self.fetcher = fetcher
        self.concurrency = concurrency
        self.privatePages = privatePages
    }

    public func run(_ jobs: [FeedJob]) async -> [FeedReport] {
        await withTaskGroup(of: FeedReport.self) { group in
            var reports: [FeedReport] = []
            var next = 0
            while next < min(concurrency, jobs.count) {
                let job = jobs[next]
                group.addTask { await fetch(job) }
                next += 1
            }
            for await report in group {
                reports.append(report)
                if next < jobs.count {
                    let job = jobs[next]
                    group.addTask { await fetch(job) }
                    next += 1
                }
            }
            return reports
        }
    }

    func fetch(_ job: FeedJob) async -> FeedReport {
        var report = FeedReport(job: job, ok: false, outcome: "", etag: nil, lastModified: nil, feedURL: nil, entries: [])
        var address = job.url
        if job.discover {
            switch await fetcher.get(job.url, publicOnly: !privatePages) {
            case .body(let bytes, _, _, let url):
                guard let found = AlternateLink.find(in: bytes, page: url) else {
                    report.outcome = "no feed linked from the page"
                    return report
                }
                report.feedURL = found
                address = found
            case .notModified: report.outcome = "the page did not change"; return report
            case .failed(let reason): report.outcome = reason; return report
            }
        }
        switch await fetcher.get(address, etag: job.discover ? nil : job.etag, lastModified: job.discover ? nil : job.lastModified,
                                 publicOnly: job.discover && !privatePages) {
        case .body(let bytes, let etag, let lastModified, _):
            do {
                report.entries = try FeedDocument.parse(bytes)
                report.ok = true
                report.etag = etag
                report.lastModified = lastModified
                report.outcome = (job.discover ? "found \(address): " : "") + "fetched, \(report.entries.count) \(report.entries.count == 1 ? "item" : "items")"
            } catch {
                report.outcome = error.description
            }
        case .notModified(let etag, let lastModified):
            report.ok = true
            report.outcome = "not modified"
            report.etag = etag ?? job.etag
            report.lastModified = lastModified ?? job.lastModified
        case .failed(let reason):
            report.outcome = reason
        }
        return report
    }
}
