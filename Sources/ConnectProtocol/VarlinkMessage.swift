import ConnectJSON
/// A Varlink call as sent by a client: `{"method": "io.connectd.AddPerson", "parameters": {...}}`.
public struct VarlinkCall: Sendable {
    public var method: String
    /// An object, or `.null` when absent: missing, `null` and `{}` parameters are the same.
    public var parameters: JSONValue
    public var oneway: Bool
    public var more: Bool

    public init(method: String, parameters: JSONValue = .null, oneway: Bool = false, more: Bool = false) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
    }

    /// Reads a call from one message (without its NUL). Throws a sentence for MalformedMessage.
    public init(message: [UInt8]) throws(VarlinkCallError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(message)
        } catch {
            throw .malformed("the message is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else { throw .malformed("the message is \(value.typeName), not a JSON object") }
        guard let method = members["method"] else { throw .malformed("'method' is missing") }
        guard case .string(let name) = method else { throw .malformed("'method' must be a string") }
        self.method = name
        parameters = members["parameters"] ?? .null
        oneway = members["oneway"] == .bool(true)
        more = members["more"] == .bool(true)
    }

    /// The bytes of a call (with its NUL), for a client: the parameters by their generated writer.
    public static func bytes<P: WireWritable>(method: String, parameters: P, oneway: Bool = false) -> [UInt8] {
        var writer = JSONWriter()
        writer.openObject()
        writer.member("method", method)
        writer.key("parameters")
        parameters.write(to: &writer)
        if oneway { writer.member("oneway", true) }
        writer.closeObject()
        return writer.bytes + [0]
    }

    /// The bytes of a call with parameters already as JSON (with its NUL): no Encodable machinery,
    /// for the client's quick path.
    public static func bytes(method: String, parameters: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(.object(["method": .string(method), "parameters": parameters]))
        return writer.bytes + [0]
    }
}

/// A message that is not a Varlink call at all.
public enum VarlinkCallError: Error, Equatable, Sendable {
    case malformed(String)
}

/// Replies as they go on the wire.
public enum VarlinkReply {
    /// `{"parameters": …}` with its NUL.
    public static func success<P: WireWritable>(_ parameters: P) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.openObject()
        writer.key("parameters")
        parameters.write(to: &writer)
        writer.closeObject()
        return writer.bytes + [0]
    }

    /// `{"error": "…", "parameters": {…}}` with its NUL.
    public static func failure(_ error: VarlinkError) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(.object(["error": .string(error.name), "parameters": .object(error.parameters)]))
        return writer.bytes + [0]
    }

    /// A reply read by a client: its parameters, or the error it carries.
    public static func read(_ message: [UInt8]) throws(VarlinkCallError) -> Result<JSONValue, VarlinkError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(message)
        } catch {
            throw .malformed("the reply is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else { throw .malformed("the reply is not a JSON object") }
        if case .string(let name)? = members["error"] {
            var parameters = JSONObject()
            if case .object(let object)? = members["parameters"] { parameters = object }
            return .failure(VarlinkError(name: name, parameters: parameters))
        }
        return .success(members["parameters"] ?? .object([:]))
    }
}
