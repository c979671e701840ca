import ConnectCore
import ConnectJSON
import Foundation

/// What a hook receives: the whole event as one JSON object on stdin, the essentials as
/// `CONNECTD_*` variables (the same fields as the journal entry).
struct HookPayload {
    let event: DaemonEvent
    let timestamp: (Date) -> String

    private struct Body: Encodable {
        struct PersonBody: Encodable {
            let id: Int64
            let name: String
            let cadence: String?
            let met: String?
            let into: String?
            let notes: String?
            let tags: [String]
            let links: [String]
        }

        let event: String
        let summary: String
        let body: String
        let late: Bool
        let test: Bool
        let at: String
        let person: PersonBody?
        let dueSince: String?
        let promptId: String?
    }

    var json: [UInt8] {
        let person = event.person.map {
            Body.PersonBody(id: $0.id, name: $0.name, cadence: $0.cadence?.description, met: $0.met, into: $0.interests,
                            notes: $0.notes, tags: $0.tags, links: $0.links)
        }
        let body = Body(event: event.kind.rawValue, summary: event.summary, body: event.body, late: event.late, test: event.isTest,
                        at: timestamp(event.at), person: person, dueSince: event.dueSince.map(timestamp), promptId: event.promptID)
        return (try? JSONEncoding.encode(body)) ?? Array("{}".utf8)
    }

    var variables: [String: String] {
        Dictionary(event.fields(timestamp: timestamp), uniquingKeysWith: { $1 })
    }
}
