import ConnectProtocol

/// `org.varlink.service.GetInfo`: who we are and which interfaces we serve.
struct GetInfoHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> ServiceInfo {
        ServiceInfo(vendor: "connectd", product: "connectd", version: ConnectVersion.string,
                    url: "https://github.com/connectd/connectd", interfaces: ["org.varlink.service", InterfaceDescription.name])
    }
}
