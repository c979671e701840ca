import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// One file brought in record by record, in as many steps as the caller likes (the daemon runs
/// a step per loop turn, so that other clients are served while a large file goes in). Each
/// step runs in the caller's savepoint. A journaled import notes every row it adds or changes
/// (`ImportJournal`), so that one that does not finish is undone exactly (`ImportUndo`). The
/// memory it keeps does not grow with the file: what it must remember across records lives in
/// the connection's scratch table.
public final class ImportRunner {
    public enum Mode: Sendable {
        /// A real import, noted in the journal (undone if it does not finish).
        case journaled
        /// In the caller's transaction without a journal (the trash, tests).
        case plain
        /// Nothing stays: each step is rolled back by the caller, who then calls `afterRollback`.
        case dryRun
    }

    public let name: String
    public let format: InterchangeFormat
    public let options: Importing.Options
    public let mode: Mode
    public private(set) var summary = Importing.Summary()
    /// The journal's run (a journaled import, from its first step on).
    public private(set) var run: Int64?
    /// This import's keys in the scratch table.
    let scratchID: Int64
    private var planner: SpreadPlanner?
    /// connectd's export: its header was read (format and version checked).
    var headerSeen = false
    /// A dry run: the keys of this step's records, kept past the step's rollback.
    private var pendingKeys: [(key: String, line: Int)] = []
    /// People a restore adds under the id they had (by UID).
    var keepIDs: [String: Int64] = [:]
    /// What a dry run's rolled-back steps would have added to the catch-ups a day.
    private var demandAdded = 0.0

    public init(name: String, format: InterchangeFormat, options: Importing.Options, mode: Mode) {
        self.name = name
        self.format = format
        self.options = options
        self.mode = mode
        // Its own key in the scratch table, without a shared counter (runners are made on any thread in tests).
        scratchID = Int64.random(in: 1...Int64.max)
    }

    convenience init(name: String, format: InterchangeFormat, options: Importing.Options, journaled: Bool) {
        self.init(name: name, format: format, options: options, mode: journaled ? .journaled : .plain)
    }

    var journal: ImportJournal? { run.map(ImportJournal.init) }

    /// Applies one record (or notes one problem).
    public func apply(_ item: ImportItem, in ws: Workspace) throws {
        if mode == .journaled, run == nil {
            run = try ws.session.beginImport(name: name.isEmpty ? "a file" : String(name.prefix(200)), format: format.rawValue, at: ws.now)
        }
        switch item {
        case .problem(let problem):
            record(Importing.Item(line: problem.line, name: "", outcome: .skipped, reason: problem.message, changedFields: []))
            try checkStrict()
        case .contact(let contact):
            try merge(contact, in: ws)
        case .exported(let exported, let line):
            try restore(exported, line: line, in: ws)
        }
    }

    /// A step's records are applied: a dry run notes what the step adds to the catch-ups a day,
    /// before its rollback.
    public func endStep(in ws: Workspace) throws {
        if mode == .dryRun { demandAdded += ws.live.schedule.catchUpsPerDay }
    }


    /// A dry run's step was rolled back: what it saw is kept for the records that follow.
    public func afterRollback(in ws: Workspace) throws {
        demandAdded -= ws.live.schedule.catchUpsPerDay
        for (key, line) in pendingKeys where try ws.session.scratch(scratchID, key) == nil {
            try ws.session.setScratch(scratchID, key, a: Int64(line))
        }
        pendingKeys.removeAll()
    }

    /// The last step: a journaled import is marked finished (undo stays possible for 30 days).
    public func finish(in ws: Workspace) throws {
        if format == .json, !headerSeen {
            throw ServiceError.importUnreadable("the JSON is not a connectd export: it has no \"format\" and \"version\"")
        }
        if let run {
            try ws.session.finishImport(run, at: ws.now, added: summary.added, updated: summary.updated)
        }
    }

    /// Forgets the scratch keys (after the last step, or when the import ends otherwise).
    public func close(in session: StoreSession) {
        while !clearScratch(in: session, atMost: .max) {}
    }

    /// Forgets at most `count` of the scratch keys; true when none is left (an import of 200,000
    /// records leaves as many: they go a page per turn).
    public func clearScratch(in session: StoreSession, atMost count: Int) -> Bool {
        ((try? session.clearScratch(scratchID, atMost: count)) ?? 0) < count
    }

    /// Catch-ups a day the schedule would ask for with this import in (a dry run's steps were
    /// rolled back, so their part is added).
    public func catchUpsPerDay(in ws: Workspace) -> Double {
        ws.live.schedule.catchUpsPerDay + (mode == .dryRun ? max(0, demandAdded) : 0)
    }

    func record(_ item: Importing.Item) {
        summary.record(item, limit: options.itemLimit)
    }

    /// Strict: the first record that cannot be used refuses the whole file.
    func checkStrict() throws {
        if options.strict, summary.skipped > 0 {
            throw ServiceError.importRefused(skipped: summary.skipped, first: summary.items.first { $0.outcome == .skipped }?.reason ?? "")
        }
    }

    private func merge(_ contact: ContactRecord, in ws: Workspace) throws {
        var session = ImportSession(ws: ws, options: options, journal: journal)
        if mode == .dryRun, let fields = try? session.fields(contact) {
            // A dry run's earlier steps were rolled back: a record they added or changed is found
            // by the keys it left (within this step, the merge finds it as an import would).
            var earlier: Int64?
            for key in fields.keys where earlier == nil { earlier = try ws.session.scratch(scratchID, key)?.a }
            if let line = earlier {
                record(Importing.Item(line: contact.line, name: fields.name, outcome: .updated,
                                      reason: "merged with the record on line \(line) of this file", changedFields: []))
                return
            }
            pendingKeys += fields.keys.map { ($0, contact.line) }
        }
        let (item, _) = try session.merge(contact, planner: &planner)
        record(item)
        try checkStrict()
    }
}

/// Where a journaled import notes each row it adds or changes.
struct ImportJournal {
    let run: Int64

    func note(_ kind: ImportChange.Kind, _ rowID: Int64, in session: StoreSession) throws {
        try session.journal(run, kind, rowID: rowID)
    }

    /// A person changed: the row before and after, so that an undo puts back only what the import set.
    func updated(_ personID: Int64, before: String?, in session: StoreSession) throws {
        try session.journal(run, .personUpdated, rowID: personID, before: before, after: session.personSnapshot(id: personID))
    }
}
