import ConnectJSON
/// An error as it crosses the socket: a qualified Varlink error name plus parameters a client can act on.
/// Every error we send also carries `message`, a sentence for the user saying what to do next.
public struct VarlinkError: Error, Equatable, Sendable {
    public var name: String
    public var parameters: JSONObject

    public init(name: String, parameters: JSONObject = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// The user-facing sentence, or a generic one built from the error name.
    public var message: String {
        if case .string(let text)? = parameters["message"] { return text }
        return "The daemon answered with the error \(name)."
    }

    // MARK: The standard errors of org.varlink.service

    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotFound", parameters: [
            "method": .string(method),
            "message": .string("The daemon has no method '\(method)': is connectctl newer than connectd? Restart the daemon after upgrading."),
        ])
    }

    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InterfaceNotFound", parameters: [
            "interface": .string(interface),
            "message": .string("This service does not implement '\(interface)'; it offers \(InterfaceDescription.name) and org.varlink.service."),
        ])
    }

    public static func invalidParameter(_ parameter: String, _ message: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InvalidParameter", parameters: [
            "parameter": .string(parameter), "message": .string(message),
        ])
    }

    // MARK: The errors of io.connectd

    public static func personNotFound(_ query: String, _ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.PersonNotFound", parameters: ["query": .string(query), "message": .string(message)])
    }

    public static func ambiguousName(_ query: String, candidates: [String], _ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.AmbiguousName", parameters: [
            "query": .string(query), "candidates": .array(candidates.map(JSONValue.string)), "message": .string(message),
        ])
    }

    /// `action`: what to do instead, as a sentence's end ("use 'connectctl edit 3' to change them").
    public static func personExists(_ name: String, id: Int64, action: String? = nil) -> VarlinkError {
        VarlinkError(name: "io.connectd.PersonExists", parameters: [
            "name": .string(name), "id": .integer(id),
            "message": .string("'\(name)' is already in your list as #\(id): " + (action ?? "use 'connectctl edit \(id)' to change them") + "."),
        ])
    }

    public static func malformedMessage(_ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.MalformedMessage", parameters: ["message": .string(message)])
    }

    public static func messageTooLarge(limit: Int) -> VarlinkError {
        VarlinkError(name: "io.connectd.MessageTooLarge", parameters: [
            "limit": .integer(Int64(limit)),
            "message": .string("A message was larger than \(limit) bytes (or had no terminating NUL byte); the connection is closed."),
        ])
    }

    public static func noPrompt(nextAt: String?) -> VarlinkError {
        VarlinkError(name: "io.connectd.NoPrompt", parameters: [
            "message": .string("There is no reflection prompt to answer\(nextAt.map { "; the next comes \($0)" } ?? " (prompts are off: set reflection.at in the config)")."),
        ])
    }

    public static func connectionRefused(_ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.ConnectionRefused", parameters: ["message": .string(message)])
    }

    public static func internalError(_ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.InternalError", parameters: [
            "message": .string("The daemon failed unexpectedly (\(message)); nothing was changed. Please report this with the daemon's log."),
        ])
    }

    public static func importFailed(_ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.ImportFailed", parameters: ["message": .string(message)])
    }

    public static func storageFailed(_ message: String) -> VarlinkError {
        VarlinkError(name: "io.connectd.StorageFailed", parameters: ["message": .string(message)])
    }
}
