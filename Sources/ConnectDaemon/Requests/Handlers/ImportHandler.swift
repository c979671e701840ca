import ConnectCore
import ConnectInterchange
import ConnectProtocol
import ConnectServices
import Foundation

/// `io.connectd.Import`: an uploaded address book in. The parameters and the file's format are
/// checked at once; the records then go in a step per loop turn (`ImportJobs`), all of them or
/// none, while other clients are served, and the reply comes when the last step is committed
/// (a dry run's steps are each rolled back).
struct ImportHandler: DeferredMethodHandler {
    func handle(_ p: ImportParameters, in context: RequestContext, reply: @escaping (Result<ImportReply, any Error>) -> Void) throws {
        let runtime = context.runtime
        var options = Importing.Options()
        options.every = try p.every.map { every in try parameter("every") { () throws(CoreError) in try Cadence.parse(every) } }
        options.tags = try parameter("tags") { () throws(CoreError) in try Person.normalizedTags(p.tags ?? []) }
        options.overwrite = p.overwrite ?? false
        options.strict = p.strict ?? false
        // With a vdir mirror a person's UID names their file on every machine: it never changes.
        options.adoptUIDs = runtime.syncDirectory == nil
        let path: String
        do {
            guard let client = context.client else { throw Uploads.Failure.unknown(p.upload) }
            path = try runtime.uploads.claim(p.upload, owner: client.id)
        } catch let error as Uploads.Failure {
            throw ParameterError(name: "upload", message: error.description)
        }
        do {
            try runtime.imports.start(name: p.name ?? "", path: path, upload: p.upload, format: try Self.format(of: path), options: options,
                                      dryRun: p.dryRun == true, client: context.client, reply: reply)
        } catch {
            runtime.uploads.remove(p.upload)
            throw error
        }
    }

    /// The format of the file, told from its first bytes.
    static func format(of path: String) throws -> InterchangeFormat {
        let start: [UInt8]
        do {
            start = Array(try FileBytes(path: path).next())
        } catch {
            throw ServiceError.importUnreadable("The file could not be read: \(error).")
        }
        guard let format = InterchangeFormat.detect(start[...]) else {
            throw ServiceError.importUnreadable(start.isEmpty ? "The file is empty: nothing to import."
                                                : "connectd cannot read this file: it takes \(InterchangeFormat.expected).")
        }
        return format
    }
}
