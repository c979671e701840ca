import ConnectProtocol

/// `org.varlink.service.GetInfo`: who we are and which interfaces we serve.
struct GetInfoHandler: MethodHandler {
    func handle(_ p: GetInfoParameters, in context: RequestContext) throws -> GetInfoReply {
        GetInfoReply(vendor: ConnectVersion.vendor, product: ConnectVersion.product, version: ConnectVersion.string, url: ConnectVersion.url,
                    interfaces: ["org.varlink.service", InterfaceDescription.name])
    }
}
