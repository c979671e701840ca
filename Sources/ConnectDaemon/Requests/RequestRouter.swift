import ConnectJSON
import ConnectProtocol
import Foundation

/// Turns one message into a call to run, or into the error that answers it: parses the envelope,
/// finds the method's handler (Routes.generated.swift, one exhaustive switch) and decodes its parameters straight into the
/// handler's struct, before any transaction starts. Nothing here can stop the daemon.
struct RequestRouter {
    enum Routed {
        /// The stream cannot be trusted (not JSON, not a call): answer this and close the connection.
        case broken([UInt8])
        /// Answered before running (unknown method, bad parameters); nil for a oneway call.
        case answered([UInt8]?)
        case call(Call)
    }

    struct Call {
        let method: Method
        let writes: Bool
        let oneway: Bool
        /// Runs the call. Throws for the dispatcher to roll the request back and answer the error.
        let run: (RequestContext) throws -> Output
    }

    enum Output {
        case reply([UInt8])
        /// The reply comes later; the closure is given where to put it.
        case deferred((@escaping ([UInt8]) -> Void) -> Void)
    }

    func route(_ message: [UInt8], errors: ErrorMapping) -> Routed {
        let call: VarlinkCall
        do {
            call = try VarlinkCall(message: message)
        } catch {
            guard case .malformed(let reason) = error else { return .broken([]) }
            return .broken(VarlinkReply.failure(.malformedMessage(
                "Not a Varlink call: \(reason). Send {\"method\": \"io.connectd.Status\"} followed by a NUL byte.")))
        }
        do {
            return .call(try dispatch(call))
        } catch {
            return .answered(call.oneway ? nil : VarlinkReply.failure(errors.varlinkError(for: error)))
        }
    }

    private func dispatch(_ call: VarlinkCall) throws -> Call {
        guard let method = Method(rawValue: call.method) else {
            let interface = call.method.split(separator: ".").dropLast().joined(separator: ".")
            if interface == InterfaceDescription.name || interface == "org.varlink.service" {
                throw VarlinkError.methodNotFound(call.method)
            }
            throw VarlinkError.interfaceNotFound(interface)
        }
        return try self.call(method, call.parameters, oneway: call.oneway)
    }

    func make<H: MethodHandler>(_ handler: H, _ method: Method, _ parameters: JSONValue, _ oneway: Bool) throws -> Call {
        let typed = try decode(H.Parameters.self, parameters)
        return Call(method: method, writes: H.writes, oneway: oneway) { context in
            .reply(VarlinkReply.success(try handler.handle(typed, in: context)))
        }
    }

    /// A handler whose reply comes later (an import, a notification's answer).
    func make<H: DeferredMethodHandler>(_ handler: H, _ method: Method, _ parameters: JSONValue, _ oneway: Bool) throws -> Call {
        let typed = try decode(H.Parameters.self, parameters)
        return Call(method: method, writes: false, oneway: oneway) { context in
            let errors = ErrorMapping(calendar: context.workspace.calendar, now: context.now)
            let answer = DeferredAnswer()
            try handler.handle(typed, in: context) { result in
                switch result {
                case .success(let reply): answer.fill(VarlinkReply.success(reply))
                case .failure(let error): answer.fill(VarlinkReply.failure(errors.varlinkError(for: error)))
                }
            }
            return .deferred { complete in answer.whenFilled(complete) }
        }
    }

    /// A reply that comes later, and where it goes once the dispatcher knows (either may come first).
    private final class DeferredAnswer {
        private var bytes: [UInt8]?
        private var destination: (([UInt8]) -> Void)?

        func fill(_ reply: [UInt8]) {
            guard bytes == nil else { return }
            bytes = reply
            destination?(reply)
        }

        func whenFilled(_ complete: @escaping ([UInt8]) -> Void) {
            if let bytes { complete(bytes) } else { destination = complete }
        }
    }

    /// Read by the method's generated reader: missing, `null` and `{}` parameters are the same;
    /// anything but an object is refused, and a field of the wrong type is named.
    private func decode<P: WireReadable>(_ type: P.Type, _ parameters: JSONValue) throws -> P {
        switch parameters {
        case .null, .object:
            do {
                return try P(json: parameters == .null ? .object([:]) : parameters, path: "parameters")
            } catch {
                let name = error.path.hasPrefix("parameters.") ? String(error.path.dropFirst("parameters.".count)) : error.path
                throw ParameterError(name: name, message: error.expected == "a value"
                                     ? "The parameter '\(name)' is required." : "'\(name)' should be \(error.expected).")
            }
        default: throw ParameterError(name: "parameters", message: "The parameters must be a JSON object (or absent), not \(parameters.typeName).")
        }
    }
}
