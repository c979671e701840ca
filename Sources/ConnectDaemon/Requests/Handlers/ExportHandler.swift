import ConnectCore
import ConnectJSON
import ConnectProtocol
import ConnectServices

/// `io.connectd.Export`: a page of everyone, as vCards or as a page of the JSON export.
struct ExportHandler: MethodHandler {
    func handle(_ p: ExportParameters, in context: RequestContext) throws -> ExportReply {
        let limit = try limitParameter(p.limit, default: 500)
        let after = max(0, p.after ?? 0)
        let ws = context.workspace
        switch p.format.lowercased() {
        case "vcard", "vcf":
            let product = "-//\(ConnectVersion.vendor)//\(ConnectVersion.product) \(ConnectVersion.string)//EN"
            let (cards, next) = try Exporting.cards(after: after, limit: limit, product: product, in: ws)
            return ExportReply(cards: cards.map { ExportCardInfo(uid: $0.uid, name: $0.name, text: $0.text, file: VdirFiles.baseName(uid: $0.uid) + ".vcf") },
                               page: nil, next: next)
        case "json":
            let page = try Exporting.jsonPage(after: after, limit: limit, in: ws)
            let text = String(decoding: try JSONEncoding.encode(page), as: UTF8.self)
            return ExportReply(cards: [], page: text, next: page.next)
        default:
            throw ParameterError(name: "format", message: "\(CoreError.quote(p.format)) is not an export format: use vcard or json.")
        }
    }
}
