import ConnectProtocol

/// `org.varlink.service.GetInterfaceDescription`: the IDL text of one interface we serve.
struct GetInterfaceDescriptionHandler: MethodHandler {
    func handle(_ parameters: InterfaceDescriptionParameters, in context: RequestContext) throws -> InterfaceDescriptionReply {
        switch parameters.interface {
        case InterfaceDescription.name: return InterfaceDescriptionReply(description: InterfaceDescription.text)
        case "org.varlink.service": return InterfaceDescriptionReply(description: InterfaceDescription.serviceText)
        default: throw VarlinkError.interfaceNotFound(parameters.interface)
        }
    }
}
