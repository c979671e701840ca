import ConnectCore
import Foundation

/// What a hook receives: the whole event as one JSON object on stdin, the essentials as variables.
struct HookPayload {
    let event: DaemonEvent

    init(_ event: DaemonEvent) {
        self.event = event
    }

    private struct Body: Encodable {
        struct PersonBody: Encodable {
            let id: Int64
            let name: String
            let cadence: String
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

    var json: String {
        let person = event.person.map {
            Body.PersonBody(id: $0.id, name: $0.name, cadence: $0.cadence.description, met: $0.met, into: $0.interests,
                            notes: $0.notes, tags: $0.tags, links: $0.links)
        }
        let body = Body(event: event.kind.rawValue, summary: event.summary, body: event.body, late: event.late, test: event.isTest,
                        at: PersonPresenter.timestamp(event.at), person: person,
                        dueSince: event.dueSince.map(PersonPresenter.timestamp), promptId: event.promptID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(body), as: UTF8.self)) ?? "{}"
    }

    var variables: [String: String] {
        var variables = [
            "CONNECTD_EVENT": event.kind.rawValue, "CONNECTD_SUMMARY": event.summary, "CONNECTD_BODY": event.body,
            "CONNECTD_LATE": event.late ? "1" : "0", "CONNECTD_AT": PersonPresenter.timestamp(event.at),
        ]
        if let person = event.person {
            variables["CONNECTD_PERSON"] = person.name
            variables["CONNECTD_PERSON_ID"] = String(person.id)
        }
        if let promptID = event.promptID { variables["CONNECTD_PROMPT_ID"] = promptID }
        return variables
    }
}
