import ConnectProtocol

/// `io.connectd.ImportUpload`: a chunk of a file on its way into an import.
struct ImportUploadHandler: MethodHandler {
    func handle(_ p: ImportUploadParameters, in context: RequestContext) throws -> ImportUploadReply {
        do throws(Uploads.Failure) {
            guard let client = context.client else { throw Uploads.Failure.unknown(p.upload ?? "") }
            let (token, size) = try context.runtime.uploads.append(p.upload, base64: p.data, owner: client.id, now: context.now)
            return ImportUploadReply(upload: token, size: size)
        } catch {
            throw ParameterError(name: "data", message: error.description)
        }
    }
}
