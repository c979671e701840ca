import ConnectClient
import ConnectJSON
import ConnectProtocol
import Foundation
import MCP

/// connectd for assistants: a Model Context Protocol server on standard input and output that
/// is a client of the daemon's socket. Tools are daemon methods (`DaemonTool`), a person is a
/// resource (`connectd://person/ID`), and "prepare me for a catch-up" is a prompt. Every error
/// is the daemon's sentence as a tool error, so an assistant can say what went wrong.
public struct AssistantServer: Sendable {
    let daemon: DaemonLink

    public init(socketPath: String) {
        daemon = DaemonLink(socketPath: socketPath)
    }

    static let personURI = "connectd://person/"

    /// Serves until standard input closes.
    public func run() async throws {
        let server = Server(
            name: "connectd", version: ConnectVersion.string,
            instructions: "connectd keeps the people the user wants to stay close to. Use due to see who to reconnect with, "
                + "search and show_person to know them, log_interaction after a catch-up, add_follow_up for promises.",
            capabilities: .init(prompts: .init(), resources: .init(), tools: .init()))
        let daemon = daemon
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: DaemonTool.all.map { tool in
                Tool(name: tool.name, description: tool.description, inputSchema: MCPValue.schema(WireSchemas.parameters(tool.method)),
                     annotations: .init(readOnlyHint: !tool.isWrite, destructiveHint: false, openWorldHint: false),
                     outputSchema: MCPValue.schema(WireSchemas.reply(tool.method)))
            })
        }
        await server.withMethodHandler(CallTool.self) { call in
            await Self.callTool(call, daemon: daemon)
        }
        await server.withMethodHandler(ListResources.self) { _ in ListResources.Result(resources: []) }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: [
                Resource.Template(uriTemplate: Self.personURI + "{id}", name: "person",
                                  description: "A person connectd keeps: their fields, recent interactions and open follow-ups (JSON).",
                                  mimeType: "application/json"),
            ])
        }
        await server.withMethodHandler(ReadResource.self) { read in
            try await Self.readResource(read.uri, daemon: daemon)
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: [
                Prompt(name: CatchUpPrompt.name, description: CatchUpPrompt.description, arguments: [
                    .init(name: "person", description: "A name (a unique prefix of a word of it) or an id.", required: true),
                ]),
            ])
        }
        await server.withMethodHandler(GetPrompt.self) { get in
            try await Self.prompt(get, daemon: daemon)
        }
        try await server.start(transport: LineTransport())
        await server.waitUntilCompleted()
    }

    static func callTool(_ call: CallTool.Parameters, daemon: DaemonLink) async -> CallTool.Result {
        guard let tool = DaemonTool.named(call.name) else {
            return failure("There is no tool '\(call.name)': the tools are " + DaemonTool.all.map(\.name).joined(separator: ", ") + ".")
        }
        var arguments = JSONObject()
        for (key, value) in (call.arguments ?? [:]).sorted(by: { $0.key < $1.key }) { arguments[key] = MCPValue.json(value) }
        switch await daemon.callAside(tool.method, .object(arguments)) {
        case .success(let reply):
            let text = tool.summary.map { $0(reply) } ?? String(decoding: JSONWriter.bytes(reply), as: UTF8.self)
            let structured: Value? = MCPValue.value(reply)
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured, isError: nil)
        case .failure(let error):
            return failure(error.description)
        }
    }

    private static func failure(_ message: String) -> CallTool.Result {
        let structured: Value? = nil
        return CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], structuredContent: structured, isError: true)
    }

    static func readResource(_ uri: String, daemon: DaemonLink) async throws -> ReadResource.Result {
        guard uri.hasPrefix(personURI), let id = Int64(uri.dropFirst(personURI.count)), id > 0 else {
            throw MCPError.invalidParams("'\(uri)' is not a resource of connectd: a person is \(personURI)ID, like \(personURI)1.")
        }
        switch await daemon.callAside(.showPerson, .object(["person": .string("#\(id)")])) {
        case .success(let reply): return ReadResource.Result(contents: [.text(JSONWriter.prettyText(reply), uri: uri, mimeType: "application/json")])
        case .failure(let error): throw MCPError.invalidParams(error.description)
        }
    }

    static func prompt(_ get: GetPrompt.Parameters, daemon: DaemonLink) async throws -> GetPrompt.Result {
        guard get.name == CatchUpPrompt.name else {
            throw MCPError.invalidParams("There is no prompt '\(get.name)': the prompt is \(CatchUpPrompt.name).")
        }
        guard let person = get.arguments?["person"], !person.isEmpty else {
            throw MCPError.invalidParams("\(CatchUpPrompt.name) needs a person: a name or an id.")
        }
        switch await daemon.callAside(.showPerson, .object(["person": .string(person), "limit": .integer(5)])) {
        case .success(let reply):
            return GetPrompt.Result(description: "Prepare a catch-up with \(reply["person"]?["name"]?.stringValue ?? person)",
                                    messages: [.user(.text(text: CatchUpPrompt.text(reply)))])
        case .failure(let error): throw MCPError.invalidParams(error.description)
        }
    }
}
