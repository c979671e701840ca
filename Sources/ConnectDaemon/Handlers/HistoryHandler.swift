import ConnectProtocol

/// `io.connectd.History`: interactions, newest first, of one person or of everyone.
struct HistoryHandler: MethodHandler {
    func handle(_ parameters: HistoryParameters, in context: DaemonContext) throws -> HistoryReply {
        let limit = try Self.validLimit(parameters.limit, default: 20)
        return try context.store.read { session in
            if let query = parameters.person.nonBlank {
                let person = try context.resolvePerson(query, in: session)
                return HistoryReply(interactions: try session.interactions(personID: person.id, limit: limit)
                    .map { PersonPresenter.info($0, personName: person.name) })
            }
            let names = Dictionary(uniqueKeysWithValues: try session.nameCandidates().map { ($0.id, $0.name) })
            return HistoryReply(interactions: try session.interactions(limit: limit)
                .map { PersonPresenter.info($0, personName: names[$0.personID] ?? "#\($0.personID)") })
        }
    }

    /// A limit of 1...10000, or the default when absent.
    static func validLimit(_ limit: Int?, default fallback: Int) throws -> Int {
        guard let limit else { return fallback }
        guard (1...10_000).contains(limit) else {
            throw VarlinkError.invalidParameter("limit", "'limit' must be between 1 and 10000, not \(limit).")
        }
        return limit
    }
}
