import ConnectJSON
import Foundation
import MCP

/// MCP's `Value` and the wire's `JSONValue`, each into the other: arguments go to the daemon as
/// they came, replies come back as structured content.
enum MCPValue {
    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .integer(Int64(number))
        case .double(let number):
            // JSON has one kind of number: a whole one is an integer for the wire.
            if number.rounded() == number, let whole = Int64(exactly: number) { return .integer(whole) }
            return .double(number)
        case .string(let text): return .string(text)
        case .data(_, let data): return .string(data.base64EncodedString())
        case .array(let items): return .array(items.map(json))
        case .object(let members):
            var object = JSONObject()
            for key in members.keys.sorted() { object[key] = json(members[key] ?? .null) }
            return .object(object)
        }
    }

    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return Int(exactly: number).map(Value.int) ?? .double(Double(number))
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(value))
        case .object(let object):
            var members: [String: Value] = [:]
            for (key, member) in object { members[key] = value(member) }
            return .object(members)
        }
    }

    /// A JSON Schema written by Tests/generate-wire, as a `Value`.
    static func schema(_ text: String) -> Value {
        (try? JSONDecoder().decode(Value.self, from: Data(text.utf8))) ?? .object(["type": .string("object")])
    }
}
