import ArgumentParser

/// An ArgumentParser command that only reads: it makes the same `ReadRequest` as the quick path.
protocol ReadCommand: ParsableCommand {
    var options: ClientOptions { get }
    var kind: ReadRequest.Kind { get }
}

extension ReadCommand {
    var request: ReadRequest { ReadRequest(kind: kind, json: options.json, socket: options.socket) }

    mutating func run() throws { try request.run() }
}
