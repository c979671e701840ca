import ConnectClient
import ConnectJSON
import ConnectProtocol

/// A read command as both parsers produce it: the quick path for the everyday calls and
/// ArgumentParser for everything else. A test checks that the two agree on every form the quick
/// path takes.
struct ReadRequest: Equatable {
    enum Kind: Equatable {
        case status
        case due(limit: Int?)
        case list(ListFilter, limit: Int?)
        case show(person: String, limit: Int?)
        case nudges
        case prompt
        case history(person: String?, limit: Int?)
        case reflections(limit: Int?)
    }

    /// The filters of `ls`; every one given must hold.
    struct ListFilter: Equatable {
        var tag: String?
        var untriaged = false
        var ignored = false
        var org: String?
        var due = false
        var circle: String?
    }

    var kind: Kind
    var json = false
    var socket: String?

    /// Calls the daemon and prints the reply.
    func run() throws {
        let options = DaemonCall(json: json, socket: socket)
        switch kind {
        case .status: try options.call(.status, json: .object([:]), render: ReadViews.status)
        case .due(let limit): try options.call(.due, json: Self.object(["limit": limit.map { .integer(Int64($0)) }]), render: ReadViews.due)
        case .list(let filter, let limit):
            let parameters = Self.object([
                "tag": filter.tag.map(JSONValue.string), "untriaged": filter.untriaged ? .bool(true) : nil,
                "ignored": filter.ignored ? .bool(true) : nil, "org": filter.org.map(JSONValue.string), "due": filter.due ? .bool(true) : nil,
                "circle": filter.circle.map(JSONValue.string), "limit": limit.map { .integer(Int64($0)) },
            ])
            try options.call(.listPeople, json: parameters) { (reply: ListPeopleReply, time) in ReadViews.list(reply, filter: filter, time) }
        case .show(let person, let limit):
            try options.call(.showPerson, json: Self.object(["person": .string(person), "limit": limit.map { .integer(Int64($0)) }]),
                             render: ReadViews.show)
        case .nudges: try options.call(.nudges, json: .object([:]), render: ReadViews.nudges)
        case .prompt: try options.call(.prompt, json: .object([:]), render: ReadViews.prompt)
        case .history(let person, let limit):
            try options.call(.history, json: Self.object(["person": person.map(JSONValue.string), "limit": limit.map { .integer(Int64($0)) }])) {
                (reply: HistoryReply, time) in ReadViews.history(reply, withPerson: person == nil, time)
            }
        case .reflections(let limit):
            try options.call(.reflections, json: Self.object(["limit": limit.map { .integer(Int64($0)) }]), render: ReadViews.reflections)
        }
    }

    /// An object of the members that are present.
    private static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var object = JSONObject()
        for (key, value) in members { object[key] = value }
        return .object(object)
    }
}

/// The everyday read commands parsed by hand, without ArgumentParser's start-up cost: what the
/// shell runs most gets to the floor of a static executable. Anything this parser is not sure
/// of (help, an unknown option, a missing value, an extra word) goes to ArgumentParser instead,
/// which also gives every error message.
enum QuickPath {
    static func parse(_ arguments: [String]) -> ReadRequest? {
        var json = false
        var socket: String?
        var options = OptionValues()
        var words: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--json" {
                guard !json else { return nil }
                json = true
            } else if argument.hasPrefix("--") {
                let (name, inline) = split(argument)
                guard ["--socket", "--tag", "--limit"].contains(name), options[name] == nil else { return nil }
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                    value = arguments[index]
                    index += 1
                }
                options[name] = value
            } else if argument.hasPrefix("-") {
                return nil
            } else {
                words.append(argument)
            }
        }
        socket = options.removeValue(forKey: "--socket")
        guard let command = words.first else { return nil }
        let rest = Array(words.dropFirst())
        let limit = options["--limit"].map { Int($0) }
        if limit == .some(nil) { return nil }
        let allowed: [String]
        let kind: ReadRequest.Kind
        switch (command, rest.count) {
        case ("status", 0): kind = .status; allowed = []
        case ("due", 0): kind = .due(limit: limit ?? nil); allowed = ["--limit"]
        case ("nudges", 0): kind = .nudges; allowed = []
        case ("prompt", 0): kind = .prompt; allowed = []
        case ("ls", 0): kind = .list(ReadRequest.ListFilter(tag: options["--tag"]), limit: limit ?? nil); allowed = ["--tag", "--limit"]
        case ("show", 1): kind = .show(person: rest[0], limit: limit ?? nil); allowed = ["--limit"]
        case ("history", 0...1): kind = .history(person: rest.first, limit: limit ?? nil); allowed = ["--limit"]
        case ("reflections", 0): kind = .reflections(limit: limit ?? nil); allowed = ["--limit"]
        default: return nil
        }
        guard options.keys.allSatisfy(allowed.contains) else { return nil }
        return ReadRequest(kind: kind, json: json, socket: socket)
    }

    /// Option values by name, in a small array (no hashed storage for a handful of options).
    private struct OptionValues {
        private var pairs: [(name: String, value: String)] = []
        var keys: [String] { pairs.map(\.name) }
        subscript(name: String) -> String? {
            get { pairs.first { $0.name == name }?.value }
            set {
                pairs.removeAll { $0.name == name }
                if let newValue { pairs.append((name, newValue)) }
            }
        }
        mutating func removeValue(forKey name: String) -> String? {
            defer { self[name] = nil }
            return self[name]
        }
    }

    /// "--name=value" → ("--name", "value"); "--name" → ("--name", nil).
    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
