import ConnectJSON

/// One piece of connectd's JSON export, as `ExportStreamReader` finds it.
public enum ExportedItem: Equatable, Sendable {
    /// `format`, `version` and `promptEpoch`: they come before the lists, as connectctl writes them.
    case header(format: String, version: Int, promptEpoch: String?)
    case person(ExportedPerson)
    case interaction(ExportedInteraction)
    case followUp(ExportedFollowUp)
    case nudge(ExportedNudge)
    case prompt(ExportedPrompt)
    case circle(ExportedCircle)
    case plan(ExportedPlan)
}

/// Reads connectd's JSON export (`ExportDocument`) element by element from a `ByteSource`, in
/// bounded memory: each element of the lists (`people`, `interactions`, `followUps`, `nudges`,
/// `prompts`, `circles`, `plans`) is cut out of the stream, parsed and decoded on its own, so a file of any size
/// costs the size of its largest element. An element that is not valid, or larger than
/// `maxElementBytes`, becomes a problem with the line it starts on; the rest is still read.
public struct ExportStreamReader<Source: ByteSource> {
    public enum Failure: Error, CustomStringConvertible {
        case notAnExport(line: Int, reason: String)

        public var description: String {
            switch self {
            case .notAnExport(let line, let reason): "line \(line): this is not connectd's JSON export: \(reason)"
            }
        }
    }

    public static var maxElementBytes: Int { 4 << 20 }
    static var lists: Set<String> { Set(listsInOrder) }

    private var source: Source
    private var chunk: ArraySlice<UInt8> = []
    private var atEnd = false
    private var line = 1
    private enum State { case start, keys, list(String), done }
    private var state = State.start
    private var header: (format: String?, version: Int?, promptEpoch: String?) = (nil, nil, nil)
    private var headerSent = false
    /// Reading only the header: the lists are stepped over.
    private var skipLists = false
    /// Only this list's elements are read (the others are stepped over).
    private var only: String?
    private let elementLimit: Int
    /// The header, found at the start of the first list, comes before that list's elements.
    private var pendingHeader: ImportItem?

    /// Reads `source`; `header` is what `header(of:)` found in a first pass over the same file
    /// (the keys of a JSON object may come in any order: the header may follow the lists).
    /// `only`: read the elements of this list alone (a restore reads the people before what
    /// refers to them, whatever the order in the file).
    /// `elementLimit`: the largest element kept (tests use a small one).
    public init(source: Source, header: ExportedItem? = nil, only: String? = nil, elementLimit: Int = maxElementBytes) {
        self.source = source
        self.only = only
        self.elementLimit = elementLimit
        if case .header(let format, let version, let epoch)? = header { self.header = (format, version, epoch) }
    }

    /// The lists in the order a restore needs them: people first, then what refers to them.
    public static var listsInOrder: [String] { ["people", "interactions", "followUps", "nudges", "prompts", "circles", "plans"] }

    /// The export's `format`, `version` and `promptEpoch`, wherever they are: a first pass that
    /// steps over the lists without keeping them.
    public static func header(of source: Source) throws -> ExportedItem {
        var reader = ExportStreamReader(source: source)
        reader.skipLists = true
        while try reader.next() != nil {}
        guard let format = reader.header.format, let version = reader.header.version else {
            throw Failure.notAnExport(line: reader.line, reason: "it has no \"format\" and \"version\"")
        }
        return .header(format: format, version: version, promptEpoch: reader.header.promptEpoch)
    }

    // MARK: Bytes

    private mutating func peek() throws -> UInt8? {
        while chunk.isEmpty {
            guard !atEnd else { return nil }
            chunk = try source.next()
            if chunk.isEmpty { atEnd = true }
        }
        return chunk.first
    }

    private mutating func take() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        chunk = chunk.dropFirst()
        if byte == 0x0A { line += 1 }
        return byte
    }

    private mutating func skipSpace() throws {
        while let byte = try peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { _ = try take() }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        try skipSpace()
        guard try take() == byte else { throw Failure.notAnExport(line: line, reason: "expected \(what)") }
    }

    /// One whole JSON value, cut out of the stream as bytes (strings and nesting respected); nil
    /// bytes when it was larger than `limit` (it is read to its end all the same).
    private mutating func value(limit: Int) throws -> (bytes: [UInt8]?, line: Int) {
        try skipSpace()
        let startLine = line
        var bytes: [UInt8] = []
        var kept = true
        var depth = 0
        var inString = false
        var escaped = false
        func keep(_ byte: UInt8) {
            guard kept else { return }
            bytes.append(byte)
            if bytes.count > limit { (kept, bytes) = (false, []) }
        }
        func finished() throws -> (bytes: [UInt8]?, line: Int) {
            guard kept else { return (nil, startLine) }
            guard !bytes.isEmpty else { throw Failure.notAnExport(line: line, reason: "a value is missing") }
            return (bytes, startLine)
        }
        while let byte = try peek() {
            if inString {
                _ = try take()
                keep(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { break }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return try finished() }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return try finished() }
            default:
                break
            }
            _ = try take()
            keep(byte)
            if depth == 0, byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
        }
        return try finished()
    }

    private mutating func key() throws -> String {
        try skipSpace()
        let (bytes, start) = try value(limit: 256)
        guard let bytes, case .string(let name)? = try? JSONParser.parse(bytes) else {
            throw Failure.notAnExport(line: start, reason: "expected a key in quotes")
        }
        return name
    }

    // MARK: Items

    /// The next element or problem, in file order; nil at the end.
    public mutating func next() throws -> ImportItem? {
        while true {
            if let header = pendingHeader.take() { return header }
            switch state {
            case .start:
                try expect(UInt8(ascii: "{"), "'{' at the start")
                state = .keys
                try skipSpace()
                if try peek() == UInt8(ascii: "}") {
                    _ = try take()
                    state = .done
                }
            case .keys:
                let name = try key()
                try expect(UInt8(ascii: ":"), "':' after \"\(name.prefix(40))\"")
                try skipSpace()
                if Self.lists.contains(name), try peek() == UInt8(ascii: "[") {
                    if !skipLists { pendingHeader = try headerItem(at: line) }
                    _ = try take()
                    state = .list(name)
                    try skipSpace()
                    if try peek() == UInt8(ascii: "]") {
                        _ = try take()
                        try endOfEntry()
                    }
                    continue
                }
                let (bytes, start) = try value(limit: 1 << 20)
                if headerSent {
                    // Known from the first pass.
                } else if let bytes, let parsed = try? JSONParser.parse(bytes) {
                    switch name {
                    case "format": header.format = parsed.stringValue
                    case "version": if case .integer(let number) = parsed { header.version = Int(exactly: number) }
                    case "promptEpoch": header.promptEpoch = parsed.stringValue
                    default: break
                    }
                } else if ["format", "version", "promptEpoch"].contains(name) {
                    throw Failure.notAnExport(line: start, reason: "\"\(name)\" is not valid JSON")
                }
                try endOfEntry()
            case .list(let name):
                let skip = skipLists || (only.map { $0 != name } ?? false)
                let (bytes, start) = try value(limit: skip ? 0 : elementLimit)
                try skipSpace()
                switch try take() {
                case UInt8(ascii: ","): break
                case UInt8(ascii: "]"): try endOfEntry()
                default: throw Failure.notAnExport(line: line, reason: "expected ',' or ']' in \"\(name)\"")
                }
                if skip { continue }
                guard let bytes else {
                    return .problem(ImportProblem(line: start, message: "an entry of \"\(name)\" larger than \(elementLimit >> 10) KiB was left out"))
                }
                return Self.item(name, bytes, line: start)
            case .done:
                if !skipLists, !headerSent, let header = try headerItem(at: line) { return header }
                return nil
            }
        }
    }

    /// After a key's value: ',' and the next key, or '}' and the end.
    private mutating func endOfEntry() throws {
        try skipSpace()
        switch try take() {
        case UInt8(ascii: ","): state = .keys
        case UInt8(ascii: "}"): state = .done
        default: throw Failure.notAnExport(line: line, reason: "expected ',' or '}' between the top-level keys")
        }
    }

    /// The header, once, before the first list: format and version must be known by then (from
    /// the first pass, or from the keys read so far).
    private mutating func headerItem(at line: Int) throws -> ImportItem? {
        guard !headerSent else { return nil }
        headerSent = true
        guard let format = header.format, let version = header.version else {
            throw Failure.notAnExport(line: line, reason: "it has no \"format\" and \"version\" before its lists")
        }
        return .exported(.header(format: format, version: version, promptEpoch: header.promptEpoch), line: line)
    }

    private static func item(_ list: String, _ bytes: [UInt8], line: Int) -> ImportItem {
        do {
            let value = try JSONParser.parse(bytes)
            let decoder = JSONValueDecoder()
            switch list {
            case "people": return .exported(.person(try decoder.decode(ExportedPerson.self, from: value)), line: line)
            case "interactions": return .exported(.interaction(try decoder.decode(ExportedInteraction.self, from: value)), line: line)
            case "followUps": return .exported(.followUp(try decoder.decode(ExportedFollowUp.self, from: value)), line: line)
            case "nudges": return .exported(.nudge(try decoder.decode(ExportedNudge.self, from: value)), line: line)
            case "circles": return .exported(.circle(try decoder.decode(ExportedCircle.self, from: value)), line: line)
            case "plans": return .exported(.plan(try decoder.decode(ExportedPlan.self, from: value)), line: line)
            default: return .exported(.prompt(try decoder.decode(ExportedPrompt.self, from: value)), line: line)
            }
        } catch {
            return .problem(ImportProblem(line: line, message: "an entry of \"\(list)\" was left out: \(error)"))
        }
    }
}
