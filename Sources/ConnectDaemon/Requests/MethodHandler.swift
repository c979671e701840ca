import ConnectCore
import ConnectProtocol
import ConnectServices
import Foundation

/// One Varlink method: typed parameters in, typed reply out. One handler per file, one verb each.
/// Handlers parse the wire, call a service, present the result; they never touch SQL.
protocol MethodHandler {
    associatedtype Parameters: WireReadable
    associatedtype Reply: WireWritable
    /// True when the method changes the state: it runs in the turn's transaction, in a savepoint.
    static var writes: Bool { get }
    func handle(_ parameters: Parameters, in context: RequestContext) throws -> Reply
}

extension MethodHandler {
    static var writes: Bool { false }
}

/// A method whose reply comes later (a D-Bus answer, an import that runs over many turns): the
/// call returns at once and the connection's reply waits in its slot, keeping the replies of
/// that connection in order. What `handle` throws is answered at once, as for any handler.
protocol DeferredMethodHandler {
    associatedtype Parameters: WireReadable
    associatedtype Reply: WireWritable
    func handle(_ parameters: Parameters, in context: RequestContext, reply: @escaping (Result<Reply, any Error>) -> Void) throws
}

/// Everything a handler may use for one request.
struct RequestContext {
    let workspace: Workspace
    let runtime: DaemonRuntime
    /// For what a request announces itself (NotifyTest).
    let notifier: Notifier
    /// Who asked (nil for work the daemon does itself).
    var client: ClientIdentity?

    var now: Date { workspace.now }
    var wire: WirePresenter { WirePresenter(calendar: workspace.calendar) }

    /// The person a user's query names (an id, "#id", or a unique prefix of a word of the name):
    /// resolved here, at the edge; the services take the person.
    func person(_ query: String) throws -> Person { try workspace.session.findPerson(query) }

    /// A time zone by its IANA name ("Asia/Tokyo"); nil when this machine does not know it.
    func zone(_ name: String) -> LocalCalendar? { runtime.zone(name) }
}

/// A parameter that is present but not acceptable: InvalidParameter(name) with a sentence.
struct ParameterError: Error, Equatable {
    let name: String
    let message: String
}

/// Runs a parser for the parameter `name`, turning its refusal into InvalidParameter(name).
func parameter<T>(_ name: String, _ parse: () throws(CoreError) -> T) throws(ParameterError) -> T {
    do {
        return try parse()
    } catch {
        throw ParameterError(name: name, message: error.description)
    }
}

/// A limit of 1...10000, or the default when absent.
func limitParameter(_ limit: Int?, default fallback: Int) throws(ParameterError) -> Int {
    guard let limit else { return fallback }
    guard (1...10_000).contains(limit) else {
        throw ParameterError(name: "limit", message: "'limit' must be between 1 and 10000, not \(limit).")
    }
    return limit
}
