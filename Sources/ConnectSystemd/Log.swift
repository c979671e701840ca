import Glibc

/// The daemon's log: native journal entries (with PRIORITY and CODE_* fields) when stderr is the
/// journal stream, plain lines on stderr otherwise. Logging never fails the caller.
public struct Log: Sendable {
    public enum Priority: Int, Sendable {
        case error = 3, warning = 4, notice = 5, info = 6, debug = 7

        var label: String {
            switch self {
            case .error: "error"
            case .warning: "warning"
            case .notice: "notice"
            case .info: "info"
            case .debug: "debug"
            }
        }
    }

    public let identifier: String
    /// True when lines go to the journal as native entries (stderr is the journal stream).
    public let toJournal: Bool
    /// Writes nothing (in-process tests, which check behaviour, not log lines).
    public let silent: Bool

    public init(identifier: String = "connectd", toJournal: Bool = Journal.stderrIsJournal, silent: Bool = false) {
        self.identifier = identifier
        self.toJournal = toJournal
        self.silent = silent
    }

    /// Logs `message` with optional extra journal fields (e.g. `MESSAGE_ID`, `CONNECTD_PERSON`).
    public func log(_ priority: Priority, _ raw: String, fields rawFields: [(String, String)] = [],
                    file: String = #fileID, line: Int = #line, function: String = #function) {
        if silent { return }
        // What came from outside (a file name in the vdir, a hook's output, a name) must not
        // reach a terminal as escapes or forge a line of its own.
        let message = Self.printable(raw)
        let fields = rawFields.map { ($0.0, Self.printable($0.1)) }
        if toJournal {
            let sent = Journal.send([
                ("MESSAGE", message), ("PRIORITY", String(priority.rawValue)), ("SYSLOG_IDENTIFIER", identifier),
                ("CODE_FILE", file), ("CODE_LINE", String(line)), ("CODE_FUNC", function),
            ] + fields)
            if sent { return }
        }
        let line = "\(identifier): \(priority.label): \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// `text` with control characters (escape, newline, C1) and bidi overrides written as
    /// visible escapes (`\e`, `\n`, `\u{202e}`): one log line stays one line, and shows what came.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\u{1B}": result += "\\e"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    public func error(_ message: String, fields: [(String, String)] = [], file: String = #fileID, line: Int = #line) {
        log(.error, message, fields: fields, file: file, line: line)
    }

    public func warning(_ message: String, fields: [(String, String)] = [], file: String = #fileID, line: Int = #line) {
        log(.warning, message, fields: fields, file: file, line: line)
    }

    public func info(_ message: String, fields: [(String, String)] = [], file: String = #fileID, line: Int = #line) {
        log(.info, message, fields: fields, file: file, line: line)
    }
}
