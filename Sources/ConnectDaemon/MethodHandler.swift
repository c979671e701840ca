import ConnectProtocol

/// One Varlink method: typed parameters in, typed reply out. One handler per file, one verb each.
protocol MethodHandler {
    associatedtype Parameters: Decodable
    associatedtype Reply: Encodable
    func handle(_ parameters: Parameters, in context: DaemonContext) throws -> Reply
}
