import ArgumentParser
import ConnectClient
import ConnectProtocol

struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prompt", abstract: "This week's reflection prompt.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.prompt, NoParameters()) { (reply: PromptReply, time) in
            var lines: [String] = []
            if let current = reply.current {
                lines.append("\(current.text)\n  (asked \(time.local(current.deliveredAt)); \(current.answers.isEmpty ? "answer with: connectctl reflect \"...\"" : "answered"))")
            } else {
                lines.append("No prompt delivered yet.")
            }
            if let next = reply.nextAt {
                lines.append("Next prompt \(time.local(next))\(reply.nextText.map { ": \($0)" } ?? "").")
            }
            return lines.joined(separator: "\n")
        }
    }
}
