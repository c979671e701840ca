import ConnectJSON

/// A message one side writes: every parameter and reply type, its writer made by Tests/generate-wire
/// from the interface (no Codable on the wire: one codec, written once).
public protocol WireWritable {
    func write(to writer: inout JSONWriter)
}

extension WireWritable {
    /// The compact JSON of this value.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }
}
