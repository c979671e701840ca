import ArgumentParser
import ConnectClient
import ConnectProtocol

struct ReflectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reflect", abstract: "Answer the latest reflection prompt.")

    @Argument(parsing: .remaining, help: "Your answer.") var answer: [String]
    @OptionGroup var options: ClientOptions

    func validate() throws {
        if answer.isEmpty { throw ValidationError("Write your answer, e.g. connectctl reflect \"Had lunch with Grace\"") }
    }

    func run() throws {
        try options.call(.reflect, ReflectParameters(answer: answer.joined(separator: " "))) { (reply: ReflectReply, _) in
            "Saved your answer to: \(reply.reflection.text)"
        }
    }
}
