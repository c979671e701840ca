import ArgumentParser
import ConnectClient
import ConnectProtocol

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "What people publish: the feeds connectd watches, when each was fetched, the newest items.",
        discussion: """
            A feed is someone's --feed, or one found on a page of theirs (--link). connectd-feeds fetches each at most once \
            a day, outside the daemon (which has no network); --now fetches every feed not fetched in the last ten minutes.
            """)

    @Flag(help: "Fetch now (in the background; run 'connectctl feeds' again in a moment).") var now = false
    @Option(help: "At most this many (default 100).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        if now {
            try options.call(.fetchFeeds, FetchFeedsParameters()) { (reply: FetchFeedsReply, _) in
                (reply.started ? "Fetching feeds: " : "Not started: ") + TerminalText.safe(reply.message) + "."
            }
            return
        }
        try options.call(.feeds, FeedsParameters(limit: limit)) { (reply: FeedsReply, time) in
            guard !reply.feeds.isEmpty else { return "No feeds watched. Give someone one: connectctl edit ada --feed https://ada.example.org/atom.xml" }
            var table = TextTable(header: ["WHO", "FEED", "FETCHED", "OUTCOME", "NEWEST"])
            for feed in reply.feeds {
                table.add([TerminalText.safe(feed.name), TerminalText.safe(feed.url) + (feed.found ? " (found)" : ""),
                           feed.checkedAt.map(time.local) ?? "not yet", TerminalText.safe(feed.outcome ?? ""),
                           feed.items.first.map { TerminalText.safe($0.title) + ($0.published.map { " (\(time.localDay(String($0.prefix(10)))))" } ?? "") } ?? ""])
            }
            return table.render() + (reply.total > reply.feeds.count ? "\n… and \(reply.total - reply.feeds.count) more (--limit)." : "")
        }
    }
}
