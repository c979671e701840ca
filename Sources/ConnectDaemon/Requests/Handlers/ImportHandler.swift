import ConnectCore
import ConnectInterchange
import ConnectJSON
import ConnectProtocol
import ConnectServices
import Foundation

/// `io.connectd.Import`: an uploaded address book in, in one transaction (a dry run rolls it
/// back and answers what would have happened).
struct ImportHandler: MethodHandler {
    static let writes = true
    /// Largest JSON export read (it is parsed whole; vCard and CSV stream).
    static let maxJSONBytes = 256 << 20

    func handle(_ p: ImportParameters, in context: RequestContext) throws -> ImportReply {
        let runtime = context.runtime
        let path: String
        do { path = try runtime.uploads.path(p.upload) } catch { throw ParameterError(name: "upload", message: error.description) }
        defer { runtime.uploads.remove(p.upload) }
        var options = Importing.Options()
        options.every = try p.every.map { every in try parameter("every") { () throws(CoreError) in try Cadence.parse(every) } }
        options.tags = try parameter("tags") { () throws(CoreError) in try Person.normalizedTags(p.tags ?? []) }
        options.overwrite = p.overwrite ?? false
        options.strict = p.strict ?? false
        // With a vdir mirror a person's UID names their file on every machine: it never changes.
        options.adoptUIDs = runtime.syncDirectory == nil
        let ws = context.workspace
        let (format, summary) = try Self.run(path: path, options: options, in: ws)
        let reply = ImportReply(
            format: format.rawValue, added: summary.added, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped,
            items: summary.items.map { ImportItemInfo(line: $0.line, name: $0.name, outcome: $0.outcome.rawValue, reason: $0.reason, fields: $0.changedFields) },
            moreItems: summary.moreItems, catchUpsPerDay: (ws.live.schedule.catchUpsPerDay * 100).rounded() / 100,
            dailyBudget: ws.settings.rules.dailyBudget)
        if p.dryRun == true { throw RolledBack(reply: VarlinkReply.success(reply)) }
        runtime.log.info("Imported \(p.name.map { CoreError.quote($0) } ?? "a file") (\(format.rawValue)): \(summary.added) added, "
                         + "\(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.skipped) skipped.")
        return reply
    }

    static func run(path: String, options: Importing.Options, in ws: Workspace) throws -> (InterchangeFormat, Importing.Summary) {
        let start: [UInt8]
        do {
            let source = try FileBytes(path: path)
            start = Array(try source.next())
        } catch {
            throw ServiceError.importUnreadable("The file could not be read: \(error).")
        }
        guard let format = InterchangeFormat.detect(start[...]) else {
            throw ServiceError.importUnreadable(start.isEmpty ? "The file is empty: nothing to import."
                                                : "connectd cannot read this file: it takes \(InterchangeFormat.expected).")
        }
        switch format {
        case .vcard:
            var reader = VCardReader(source: try FileBytes(path: path))
            return (format, try Importing.run({ try reader.next() }, options: options, in: ws))
        case .linkedIn:
            guard let stream = InputStream(fileAtPath: path) else { throw ServiceError.importUnreadable("The file could not be opened.") }
            var reader: LinkedInReader
            do { reader = try LinkedInReader(stream: stream) } catch { throw ServiceError.importUnreadable("\(error)") }
            return (format, try Importing.run({ try reader.next() }, options: options, in: ws))
        case .json:
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= maxJSONBytes else { throw ServiceError.importUnreadable("The JSON export is larger than \(maxJSONBytes >> 20) MiB.") }
            let document: ExportDocument
            do {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                document = try JSONValueDecoder().decode(ExportDocument.self, from: try JSONParser.parse(bytes))
            } catch {
                throw ServiceError.importUnreadable("The JSON is not an export of connectd: \(error)")
            }
            return (format, try Restoring.run(document, options: options, in: ws))
        }
    }
}

/// Rolls the request back (savepoint and memory) and answers `reply` as a success: a dry run.
struct RolledBack: Error {
    let reply: [UInt8]
}
