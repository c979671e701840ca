import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol

/// What the shell completes beyond subcommands and options: the names of your people (asked from
/// the daemon, giving up at once when none answers and after half a second when it is busy),
/// interaction kinds and common cadences.
enum Completions {
    static let person = CompletionKind.custom { words, _, prefix in names(words: words, prefix: prefix) }
    static let kinds = ["coffee", "lunch", "dinner", "call", "video", "message", "email", "meeting", "read", "gift", "help", "other"]
    static let kind = CompletionKind.list(kinds)
    static let cadence = CompletionKind.list(["1w", "2w", "3w", "1m", "2m", "3m", "6m", "1y"])

    /// Everyone's name starting with `prefix` (or a word of it, then only that word), case aside.
    /// Shells keep only completions that begin with exactly what was typed, so the typed part is
    /// kept as typed: "jo" completes to "joan Clarke" (connectctl ignores case anyway).
    static func names(words: [String], prefix: String) -> [String] {
        var socket: String?
        for (index, word) in words.enumerated() {
            if word == "--socket", index + 1 < words.count { socket = words[index + 1] }
            if word.hasPrefix("--socket=") { socket = String(word.dropFirst(9)) }
        }
        let call = DaemonCall(json: false, socket: socket)
        guard let connection = try? VarlinkConnection(socketPath: call.socketPath, hint: "") else { return [] }
        connection.setReplyTimeout(0.5)
        guard let reply = try? connection.call(.listPeople, json: .object([:])), case .array(let people)? = reply["people"] else { return [] }
        return matching(people.compactMap { $0["name"]?.stringValue }, prefix: prefix)
    }

    static func matching(_ names: [String], prefix: String) -> [String] {
        let lowered = prefix.lowercased()
        var result: [String] = []
        for name in names {
            if name.lowercased().hasPrefix(lowered) {
                result.append(prefix + name.dropFirst(prefix.count))
            } else if let word = name.split(separator: " ").first(where: { $0.lowercased().hasPrefix(lowered) }) {
                result.append(prefix + word.dropFirst(prefix.count))
            }
        }
        return result
    }
}
