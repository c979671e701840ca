import ConnectProtocol
import ConnectServices
import ConnectStore

/// `io.connectd.ListImports`: the imports of the last 30 days (the ones that can be undone).
struct ListImportsHandler: MethodHandler {
    func handle(_ p: ListImportsParameters, in context: RequestContext) throws -> ListImportsReply {
        let runs = try context.workspace.session.importRuns(since: context.now.addingTimeInterval(-Trash.keep), limit: 100)
        return ListImportsReply(imports: runs.map { Self.info($0, context.wire) })
    }

    static func info(_ run: ImportRun, _ wire: WirePresenter) -> ImportRunInfo {
        ImportRunInfo(id: run.id, name: run.name, format: run.format, startedAt: wire.time(run.startedAt), finishedAt: run.finishedAt.map(wire.time),
                      undoneAt: run.undoneAt.map(wire.time), added: run.added, updated: run.updated)
    }
}
