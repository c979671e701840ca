import ConnectCore
import ConnectProtocol
import Foundation
import ConnectServices
import ConnectStore

/// `io.connectd.FeedFetched`: keeps what the fetcher brought for one person.
struct FeedFetchedHandler: MethodHandler {
    static let writes = true

    func handle(_ p: FeedFetchedParameters, in context: RequestContext) throws -> FeedFetchedReply {
        guard (p.items ?? []).count <= 100 else { throw ParameterError(name: "items", message: "At most 100 items per fetch: send the newest.") }
        let items = (p.items ?? []).map { item in
            PublishedItem(title: item.title, link: item.link, published: item.published.flatMap(WireTime.parse).map { Date(timeIntervalSince1970: $0.secondsSinceEpoch) })
        }
        try Feeds.record(Feeds.Fetched(personID: p.personId, url: p.url, ok: p.ok, outcome: p.outcome, etag: p.etag, lastModified: p.lastModified,
                                       feedURL: p.feedUrl, items: items), in: context.workspace)
        if !p.ok, let person = try context.workspace.session.person(id: p.personId) {
            context.runtime.log.info("The feed of \(person.name) (#\(person.id)) at \(TextRules.cleaned(p.url, limit: 300)): "
                                     + "\(TextRules.cleaned(p.outcome, limit: 300)); tried again tomorrow.")
        }
        return FeedFetchedReply()
    }
}
