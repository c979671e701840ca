import ArgumentParser
import ConnectClient
import ConnectProtocol

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find what you wrote down: names, how you met, interests, notes, interactions, follow-ups and reflections.",
        discussion: "Every word must be found, as the start of a word (words of one or two letters whole), without regard to case or accents (lukasz finds Łukasz); "
            + "Chinese, Japanese and Korean text is found by part of a word. Best matches first; found words are in [brackets].")

    @Argument(help: "The words to find.") var words: [String]
    @Option(help: "How many places to show (default 20).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        let text = words.joined(separator: " ")
        try options.call(.search, SearchParameters(text: text, limit: limit)) { (reply: SearchReply, time) in
            guard !reply.hits.isEmpty else { return "Nothing found for '\(TerminalText.safe(text))'." }
            var table = TextTable(header: ["WHO", "IN", "WHEN", "FOUND"])
            for hit in reply.hits {
                table.add([hit.personName.map { "\($0) (#\(hit.personId ?? 0))" } ?? "-", hit.field, hit.at.map { time.local($0) } ?? "", hit.snippet])
            }
            var text = table.render()
            if reply.capped {
                text += "\nMore than \(reply.total) places have these words: these are the newest, not the best. Add a word to narrow it."
            } else if reply.total > reply.hits.count {
                text += "\n… and \(reply.total - reply.hits.count) more (--limit)."
            }
            return text
        }
    }
}
