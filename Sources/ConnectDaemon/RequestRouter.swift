import ConnectCore
import ConnectProtocol
import ConnectStore
import Foundation

/// Turns one message into one reply: decodes the call, dispatches it with one exhaustive switch,
/// and turns every error into a Varlink error with a message. Nothing here can stop the daemon.
final class RequestRouter {
    let context: DaemonContext
    /// Called after a successful call that may change who is due (the scheduler replans).
    var onScheduleChange: () -> Void = {}

    init(context: DaemonContext) {
        self.context = context
    }

    func respond(to message: [UInt8]) -> RouterResponse {
        let call: VarlinkCall
        do {
            call = try JSONDecoder().decode(VarlinkCall.self, from: Data(message))
        } catch {
            return .failure(.malformed("The message is not a JSON object with a string 'method' (\(RequestRouter.describe(error))). Send {\"method\": \"io.connectd.Status\"} followed by a NUL byte."))
        }
        let reply: VarlinkReply
        do {
            reply = VarlinkReply(parameters: try dispatch(call))
            if Method(rawValue: call.method)?.changesSchedule == true { onScheduleChange() }
        } catch {
            let failure = RequestRouter.varlinkError(for: error)
            reply = VarlinkReply(error: failure.name, parameters: failure.parameters)
        }
        if call.oneway == true { return RouterResponse(reply: nil, closeAfter: false) }
        return RouterResponse(reply: RouterResponse.encode(reply), closeAfter: false)
    }

    private func dispatch(_ call: VarlinkCall) throws -> JSONValue {
        guard let method = Method(rawValue: call.method) else {
            let interface = call.method.split(separator: ".").dropLast().joined(separator: ".")
            if interface == InterfaceDescription.name || interface == "org.varlink.service" {
                throw VarlinkError.methodNotFound(call.method)
            }
            throw VarlinkError.interfaceNotFound(interface)
        }
        let parameters = call.parameters ?? .null
        switch method {
        case .getInfo: return try run(GetInfoHandler(), parameters)
        case .getInterfaceDescription: return try run(GetInterfaceDescriptionHandler(), parameters)
        case .status: return try run(StatusHandler(), parameters)
        case .addPerson: return try run(AddPersonHandler(), parameters)
        case .editPerson: return try run(EditPersonHandler(), parameters)
        case .removePerson: return try run(RemovePersonHandler(), parameters)
        case .showPerson: return try run(ShowPersonHandler(), parameters)
        case .listPeople: return try run(ListPeopleHandler(), parameters)
        case .logInteraction: return try run(LogInteractionHandler(), parameters)
        case .history: return try run(HistoryHandler(), parameters)
        case .due: return try run(DueHandler(), parameters)
        case .nudges: return try run(NudgesHandler(), parameters)
        case .done: return try run(DoneHandler(), parameters)
        case .snooze: return try run(SnoozeHandler(), parameters)
        case .skip: return try run(SkipHandler(), parameters)
        case .prompt: return try run(PromptHandler(), parameters)
        case .reflect: return try run(ReflectHandler(), parameters)
        case .reflections: return try run(ReflectionsHandler(), parameters)
        case .notifyTest: return try run(NotifyTestHandler(), parameters)
        }
    }

    private func run<Handler: MethodHandler>(_ handler: Handler, _ parameters: JSONValue) throws -> JSONValue {
        switch parameters {
        case .null, .object: break
        default: throw VarlinkError.invalidParameter("parameters", "The parameters must be a JSON object (or absent).")
        }
        let typed: Handler.Parameters
        do {
            typed = try parameters.decode(Handler.Parameters.self)
        } catch let error as DecodingError {
            throw RequestRouter.invalidParameter(error)
        }
        return try JSONValue(encoding: handler.handle(typed, in: context))
    }

    static func invalidParameter(_ error: DecodingError) -> VarlinkError {
        switch error {
        case .typeMismatch(let type, let context):
            let name = parameterName(context.codingPath)
            return .invalidParameter(name, "'\(name)' has the wrong type: expected \(typeName(type)).")
        case .valueNotFound(let type, let context):
            let name = parameterName(context.codingPath)
            return .invalidParameter(name, "'\(name)' must not be null: expected \(typeName(type)).")
        case .keyNotFound(let key, let context):
            let name = parameterName(context.codingPath + [key])
            return .invalidParameter(name, "The parameter '\(name)' is required.")
        case .dataCorrupted(let context):
            let name = parameterName(context.codingPath)
            return .invalidParameter(name, "'\(name)' is not valid: \(context.debugDescription)")
        @unknown default:
            return .invalidParameter("parameters", "The parameters could not be read.")
        }
    }

    private static func parameterName(_ path: [CodingKey]) -> String {
        let name = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return name.isEmpty ? "parameters" : name
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Int.Type, is Int64.Type, is Int?.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [String].Type, is [String]?.Type: "a list of strings"
        default: "a different type"
        }
    }

    /// Maps any error to the Varlink error the client sees.
    static func varlinkError(for error: Error) -> VarlinkError {
        switch error {
        case let error as VarlinkError: return error
        case let error as CoreError:
            switch error {
            case .personNotFound(let query): return .personNotFound(query, error.description)
            case .ambiguousName(let query, let candidates): return .ambiguousName(query, candidates: candidates, error.description)
            default: return .invalidParameter("parameters", error.description)
            }
        case let error as StoreError: return .storageFailed(error.description)
        case let error as DecodingError: return invalidParameter(error)
        default: return .internalError("\(error)")
        }
    }

    static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted = error { return "it is not valid JSON" }
        if case DecodingError.keyNotFound = error { return "'method' is missing" }
        if case DecodingError.typeMismatch = error { return "a field has the wrong type" }
        return "unreadable"
    }
}

extension Method {
    /// Calls after which the scheduler must replan.
    var changesSchedule: Bool {
        switch self {
        case .addPerson, .editPerson, .removePerson, .logInteraction, .done, .snooze, .skip: true
        case .getInfo, .getInterfaceDescription, .status, .showPerson, .listPeople, .history, .due, .nudges, .prompt,
             .reflect, .reflections, .notifyTest: false
        }
    }
}
