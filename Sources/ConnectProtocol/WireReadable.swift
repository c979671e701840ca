import ConnectJSON

/// A message one side reads: every parameter and reply type, its reader made by Tests/generate-wire
/// from the interface. Errors name the field that is missing or of the wrong type.
public protocol WireReadable {
    init(json: JSONValue, path: String) throws(JSONFieldError)
}
