import ConnectCore
import ConnectProtocol
import ConnectServices
import ConnectStore

/// `io.connectd.UndoImport`: takes a finished import back, a step per loop turn like the
/// import itself; the reply comes when the last step is committed.
struct UndoImportHandler: DeferredMethodHandler {
    func handle(_ p: UndoImportParameters, in context: RequestContext, reply: @escaping (Result<UndoImportReply, any Error>) -> Void) throws {
        let runtime = context.runtime
        let run = try Self.run(named: p.run, in: context)
        let wire = context.wire
        try runtime.imports.undo(run) { result in
            reply(result.flatMap { _ in
                Result {
                    let undone = try runtime.keeper.store.read { try $0.importRun(run.id) } ?? run
                    return UndoImportReply(run: ListImportsHandler.info(undone, wire))
                }
            })
        }
    }

    /// The import `name` names ("last", or its id), if it can still be undone.
    static func run(named name: String, in context: RequestContext) throws -> ImportRun {
        let session = context.workspace.session
        let since = context.now.addingTimeInterval(-Trash.keep)
        let hint = "'connectctl import --list' shows the imports of the last 30 days."
        if name.lowercased() == "last" {
            guard let run = try session.importRuns(since: since, limit: 100).first(where: { $0.finishedAt != nil && $0.undoneAt == nil }) else {
                throw ParameterError(name: "run", message: "There is no import of the last 30 days left to undo. " + hint)
            }
            return run
        }
        guard let id = NameMatcher.id(in: name) else {
            throw ParameterError(name: "run", message: "\(CoreError.quote(name)) names no import: give its number, or 'last'. " + hint)
        }
        guard let run = try session.importRun(id), run.startedAt >= since || run.undoStartedAt != nil else {
            throw ParameterError(name: "run", message: "There is no import \(id) of the last 30 days (after 30 days an import can no longer be undone). " + hint)
        }
        if let undone = run.undoneAt {
            throw ParameterError(name: "run", message: "The import \(id) (\(CoreError.quote(run.name))) was undone already, \(context.wire.time(undone)).")
        }
        guard run.finishedAt != nil, !context.runtime.imports.isRunning(id) else {
            throw ParameterError(name: "run", message: "The import \(id) is still running: wait for it to end.")
        }
        return run
    }
}
