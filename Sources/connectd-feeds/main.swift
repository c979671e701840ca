import ConnectClient
import ConnectFeeds
import ConnectJSON
import ConnectProtocol
import ConnectTime
import Foundation

/// `connectd-feeds [--socket PATH] [--all] [--timeout SECONDS] [--private-pages]`: fetches the feeds connectd hands out (each at most
/// once a day; --all: every one not fetched in ten minutes) and gives back what they say. Run
/// by the daemon outside its sandbox (a transient unit, or a child process); the network is
/// this program's, never the daemon's. One line per problem on stderr, a summary on stdout.
var arguments = Array(CommandLine.arguments.dropFirst())
var socket: String?
var all = false
var timeout = 30.0
var privatePages = false
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--socket" where !arguments.isEmpty: socket = arguments.removeFirst()
    case "--all": all = true
    case "--private-pages": privatePages = true
    case "--timeout" where !arguments.isEmpty:
        // Seconds a fetch may take in all (tests use a short one).
        guard let seconds = Double(arguments.removeFirst()), seconds > 0, seconds <= 300 else {
            FileHandle.standardError.write(Data("connectd-feeds: --timeout takes seconds from 1 to 300.\n".utf8))
            exit(2)
        }
        timeout = seconds
    default:
        FileHandle.standardError.write(Data("connectd-feeds: unknown argument '\(argument)': the options are --socket PATH, --all, --timeout SECONDS and --private-pages.\n".utf8))
        exit(2)
    }
}

/// A date as the wire writes it, in UTC.
func utc(_ date: Date) -> String? {
    LocalDateTime(localSeconds: Int64(date.timeIntervalSince1970.rounded(.down))).map { WireTime.format($0, offsetSeconds: 0) }
}

func say(_ line: String, error: Bool = false) {
    (error ? FileHandle.standardError : FileHandle.standardOutput).write(Data((line + "\n").utf8))
}

let path = socket ?? DefaultSocketPath.resolve(runtimeDirectory: ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"])
let connection: VarlinkConnection
do {
    connection = try VarlinkConnection(socketPath: path, hint: "Start connectd first.")
} catch {
    say("connectd-feeds: \(error)", error: true)
    exit(1)
}
connection.setReplyTimeout(60)
let started = Date()
let run = FeedRun(fetcher: FeedFetcher(timeout: timeout, userAgent: "connectd-feeds/\(ConnectVersion.string) (a personal feed reader)"),
                  privatePages: privatePages)
var counts = (fetched: 0, notModified: 0, failed: 0, found: 0)
do {
    while true {
        let reply = try FeedsToFetchReply(json: try connection.call(.feedsToFetch, FeedsToFetchParameters(all: all, limit: 100)), path: "")
        if reply.feeds.isEmpty { break }
        let jobs = reply.feeds.map { FeedJob(personID: $0.personId, url: $0.url, etag: $0.etag, lastModified: $0.lastModified, discover: $0.discover) }
        for report in await run.run(jobs) {
            let items = report.entries.prefix(10).map {
                PublishedItemInfo(title: $0.title, link: $0.link, published: $0.published.flatMap(utc))
            }
            _ = try connection.call(.feedFetched, FeedFetchedParameters(
                personId: report.job.personID, url: report.job.url, ok: report.ok, outcome: report.outcome, etag: report.etag,
                lastModified: report.lastModified, feedUrl: report.feedURL, items: items))
            // A failure is logged by the daemon, with the person's name.
            if !report.ok {
                counts.failed += 1
            } else if report.outcome == "not modified" {
                counts.notModified += 1
            } else {
                counts.fetched += 1
                if report.feedURL != nil { counts.found += 1 }
            }
        }
    }
} catch {
    say("connectd-feeds: stopped: \(error)", error: true)
    exit(1)
}
let peak = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?.split(separator: "\n")
    .first { $0.hasPrefix("VmHWM:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
say("\(counts.fetched) fetched (\(counts.found) found on their pages), \(counts.notModified) not modified, \(counts.failed) failed, "
    + "in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; peak memory \(peak).")
