/// Reads the members of a JSON object by name, for types that decode by hand where Codable's
/// generic machinery costs too much (the client's everyday replies). Errors name the field.
public struct JSONFields {
    private let object: JSONObject
    private let path: String

    public init(_ value: JSONValue, path: String = "reply") throws(JSONFieldError) {
        guard case .object(let object) = value else { throw JSONFieldError(path: path, expected: "an object") }
        self.object = object
        self.path = path
    }

    private func value(_ key: String) throws(JSONFieldError) -> JSONValue {
        guard let value = object[key], value != .null else { throw JSONFieldError(path: path + "." + key, expected: "a value") }
        return value
    }

    public func string(_ key: String) throws(JSONFieldError) -> String {
        guard case .string(let text) = try value(key) else { throw JSONFieldError(path: path + "." + key, expected: "a string") }
        return text
    }

    public func optionalString(_ key: String) throws(JSONFieldError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw JSONFieldError(path: path + "." + key, expected: "a string") }
        return text
    }

    public func int64(_ key: String) throws(JSONFieldError) -> Int64 {
        guard case .integer(let number) = try value(key) else { throw JSONFieldError(path: path + "." + key, expected: "an integer") }
        return number
    }

    public func int(_ key: String) throws(JSONFieldError) -> Int {
        guard let number = Int(exactly: try int64(key)) else { throw JSONFieldError(path: path + "." + key, expected: "an integer") }
        return number
    }

    public func double(_ key: String) throws(JSONFieldError) -> Double {
        switch try value(key) {
        case .integer(let number): return Double(number)
        case .double(let number): return number
        default: throw JSONFieldError(path: path + "." + key, expected: "a number")
        }
    }

    public func bool(_ key: String) throws(JSONFieldError) -> Bool {
        guard case .bool(let flag) = try value(key) else { throw JSONFieldError(path: path + "." + key, expected: "true or false") }
        return flag
    }

    public func strings(_ key: String) throws(JSONFieldError) -> [String] {
        try list(key) { value, path throws(JSONFieldError) in
            guard case .string(let text) = value else { throw JSONFieldError(path: path, expected: "a string") }
            return text
        }
    }

    /// A list whose elements are read by `element` (given each element and its path).
    public func list<T>(_ key: String, _ element: (JSONValue, String) throws(JSONFieldError) -> T) throws(JSONFieldError) -> [T] {
        guard case .array(let elements) = try value(key) else { throw JSONFieldError(path: path + "." + key, expected: "a list") }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (index, item) in elements.enumerated() { result.append(try element(item, "\(path).\(key)[\(index)]")) }
        return result
    }

    /// A member that must be there, read by `read` (given the value and its path).
    public func required<T>(_ key: String, _ read: (JSONValue, String) throws(JSONFieldError) -> T) throws(JSONFieldError) -> T {
        try read(try value(key), path + "." + key)
    }

    /// An object member read by `read`, or nil when absent or null.
    public func optional<T>(_ key: String, _ read: (JSONValue, String) throws(JSONFieldError) -> T) throws(JSONFieldError) -> T? {
        guard let value = object[key], value != .null else { return nil }
        return try read(value, path + "." + key)
    }
}

/// Readers of one value, for `required`, `optional` and lists: each says what it expected.
extension JSONFields {
    public static func string(_ value: JSONValue, _ path: String) throws(JSONFieldError) -> String {
        guard case .string(let text) = value else { throw JSONFieldError(path: path, expected: "a string") }
        return text
    }

    public static func int64(_ value: JSONValue, _ path: String) throws(JSONFieldError) -> Int64 {
        guard case .integer(let number) = value else { throw JSONFieldError(path: path, expected: "an integer") }
        return number
    }

    public static func int(_ value: JSONValue, _ path: String) throws(JSONFieldError) -> Int {
        guard let number = Int(exactly: try int64(value, path)) else { throw JSONFieldError(path: path, expected: "an integer") }
        return number
    }

    public static func double(_ value: JSONValue, _ path: String) throws(JSONFieldError) -> Double {
        switch value {
        case .integer(let number): return Double(number)
        case .double(let number): return number
        default: throw JSONFieldError(path: path, expected: "a number")
        }
    }

    public static func bool(_ value: JSONValue, _ path: String) throws(JSONFieldError) -> Bool {
        guard case .bool(let flag) = value else { throw JSONFieldError(path: path, expected: "true or false") }
        return flag
    }

    /// Any JSON value, as it is.
    public static func any(_ value: JSONValue, _ path: String) throws(JSONFieldError) -> JSONValue { value }

    public static func list<T>(_ value: JSONValue, _ path: String,
                               _ element: (JSONValue, String) throws(JSONFieldError) -> T) throws(JSONFieldError) -> [T] {
        guard case .array(let elements) = value else { throw JSONFieldError(path: path, expected: "a list") }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (index, item) in elements.enumerated() { result.append(try element(item, "\(path)[\(index)]")) }
        return result
    }
}

/// A reply field that is missing or of the wrong type.
public struct JSONFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let expected: String
    public var description: String { "\(path) should be \(expected)" }
}
