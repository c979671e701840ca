import ArgumentParser
import ConnectClient
import ConnectProtocol

struct ReflectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reflections", abstract: "Past prompts and your answers.")

    @Option(help: "How many to show (default 20).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.reflections, ReflectionsParameters(limit: limit)) { (reply: ReflectionsReply, time) in
            guard !reply.reflections.isEmpty else { return "No prompts yet." }
            let entries = reply.reflections.map { item in
                (["\(time.local(item.deliveredAt))  \(item.text)"] + (item.answers.isEmpty ? ["  (not answered)"] : item.answers.map { "  > \($0.text)" }))
                    .joined(separator: "\n")
            }
            return entries.joined(separator: "\n") + "\n\nStreak: \(reply.streak) week\(reply.streak == 1 ? "" : "s") in a row."
        }
    }
}
