/// A Varlink call as sent by a client: `{"method": "io.connectd.AddPerson", "parameters": {...}}`.
public struct VarlinkCall: Codable, Sendable {
    public var method: String
    public var parameters: JSONValue?
    public var oneway: Bool?
    public var more: Bool?
    public var upgrade: Bool?

    public init(method: String, parameters: JSONValue? = nil, oneway: Bool? = nil) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
    }
}

/// A Varlink reply: parameters on success, or an error name with its parameters.
public struct VarlinkReply: Codable, Sendable {
    public var parameters: JSONValue?
    public var error: String?
    public var continues: Bool?

    public init(parameters: JSONValue? = nil, error: String? = nil) {
        self.parameters = parameters
        self.error = error
    }
}
