import ArgumentParser

struct StatusCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The daemon's version, uptime, paths and counts.")

    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .status }
}
