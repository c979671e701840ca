import ConnectProtocol

/// `org.varlink.service.GetInterfaceDescription`: the IDL text of one interface we serve.
struct GetInterfaceDescriptionHandler: MethodHandler {
    func handle(_ parameters: GetInterfaceDescriptionParameters, in context: RequestContext) throws -> GetInterfaceDescriptionReply {
        switch parameters.interface {
        case InterfaceDescription.name: return GetInterfaceDescriptionReply(description: InterfaceDescription.text)
        case "org.varlink.service": return GetInterfaceDescriptionReply(description: InterfaceDescription.serviceText)
        default: throw VarlinkError.interfaceNotFound(parameters.interface)
        }
    }
}
