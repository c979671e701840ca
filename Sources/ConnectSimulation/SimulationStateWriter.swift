import ConnectCore
import ConnectStore
import Foundation

/// Writes a simulation's history into a new state database, so that the real daemon and client
/// can show a year of use (`connectctl stats`, `week`, `history`) without waiting a year.
public enum SimulationStateWriter {
    public enum Failure: Error, CustomStringConvertible {
        case exists(String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) exists already; choose an empty state directory (a simulation never writes into real state)."
            }
        }
    }

    /// Creates `directory/state.sqlite` with everyone, every contact (a kind picked at random) and
    /// every prompt with its answer; refuses if the file exists. Returns how many contacts it wrote.
    public static func write(_ history: SimulationHistory, to directory: String, prompts: PromptLibrary, rule: String,
                             timeZone: String, seed: UInt64) throws -> Int {
        let path = directory + "/state.sqlite"
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.exists(path) }
        let store = try Store(path: path)
        defer { try? store.close() }
        var random = SplitMix64(seed: seed)
        let kinds: [InteractionKind] = [.coffee, .call, .message, .lunch, .video, .email, .read, .meeting]
        return try store.write { session in
            var ids: [Int64: Int64] = [:]
            for entry in history.people.sorted(by: { $0.personID < $1.personID }) {
                let person = Person(name: name(entry.personID), cadence: entry.cadence, addedAt: entry.addedAt, dueOverride: entry.dueOverride)
                ids[entry.personID] = try session.insertPerson(person).id
            }
            for contact in history.contacts {
                guard let id = ids[contact.personID] else { continue }
                let kind = kinds[Int(random.next() % UInt64(kinds.count))]
                _ = try session.insertInteraction(Interaction(personID: id, kind: kind, at: contact.at), loggedAt: contact.at)
            }
            for prompt in history.prompts {
                let record = try session.recordPrompt(prompt.delivery, text: prompts.prompt(id: prompt.delivery.promptID)?.text ?? "",
                                                      at: prompt.at, rule: rule, timeZone: timeZone)
                try session.markPromptAnnounced(id: record.id, at: prompt.at)
                if prompt.answered {
                    try session.insertReflection(promptDeliveryID: record.id, answer: "A simulated answer.", at: prompt.at.addingTimeInterval(600))
                }
            }
            return history.contacts.count
        }
    }

    /// "Ada Okafor", "Bo Lindqvist", …: distinct for the first 400 people, numbered after that.
    static func name(_ id: Int64) -> String {
        let first = ["Ada", "Bo", "Chidi", "Dana", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jun",
                     "Kemal", "Lea", "Mateo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tove"]
        let last = ["Okafor", "Lindqvist", "Nakamura", "Moreau", "Kowalski", "Haddad", "Silva", "Berg", "Novak", "Rossi",
                    "Tanaka", "Petrov", "Costa", "Jensen", "Mensah", "Dubois", "Yilmaz", "Horvat", "Lopez", "Weber"]
        let index = Int(id - 1)
        let base = "\(first[index % first.count]) \(last[(index / first.count) % last.count])"
        return index < first.count * last.count ? base : "\(base) \(index / (first.count * last.count) + 1)"
    }
}
