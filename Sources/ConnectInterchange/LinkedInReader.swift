import ConnectCore
import Foundation

/// Reads LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy of your data): skips
/// the "Notes:" preamble by finding the header row, maps columns by their names (First Name,
/// Last Name, URL, Email Address, Company, Position, Connected On), and makes each row a contact
/// whose profile URL is its identity and whose how-met is "LinkedIn, 15 Mar 2024". Streams from
/// the file through `CSVRecordReader` (RFC 4180), so a huge row costs neither memory nor time
/// for the rows after it, and every problem names the line it starts on.
public struct LinkedInReader<Source: ByteSource> {
    public enum Failure: Error, CustomStringConvertible {
        case noHeader

        public var description: String {
            switch self {
            case .noHeader: "no header row with First Name and Last Name was found: is this LinkedIn's Connections.csv?"
            }
        }
    }

    /// Where the header was looked for, at most.
    static var maxPreambleRows: Int { 20 }

    private var reader: CSVRecordReader<Source>
    private var columns: [String: Int] = [:]

    /// The largest row kept; a longer one is reported and skipped.
    public static var maxRowBytes: Int { 1 << 20 }

    /// `rowLimit`: the largest row kept (tests use a small one).
    public init(source: Source, rowLimit: Int = maxRowBytes) throws {
        reader = CSVRecordReader(source: source, recordLimit: rowLimit)
        for _ in 0..<Self.maxPreambleRows {
            guard let record = try reader.next() else { break }
            guard case .fields(let cells, _) = record else { continue }
            let names = cells.map { $0.lowercased() }
            if names.contains("first name"), names.contains("last name") {
                for (index, name) in names.enumerated() where columns[name] == nil { columns[name] = index }
                return
            }
        }
        throw Failure.noHeader
    }

    private func cell(_ cells: [String], _ name: String) -> String? {
        guard let index = columns[name], index < cells.count else { return nil }
        let value = cells[index].trimmingWhitespace
        return value.isEmpty ? nil : value
    }

    /// The next contact or problem; nil at the end.
    public mutating func next() throws -> ImportItem? {
        while let record = try reader.next() {
            let cells: [String]
            let line: Int
            switch record {
            case .tooLarge(let start):
                return .problem(ImportProblem(line: start, message: "a row longer than \(VCardReader<Source>.size(reader.recordLimit)) (or with more than \(CSVRecordReader<Source>.maxFields) cells) was left out"))
            case .fields(let fields, let start):
                (cells, line) = (fields, start)
            }
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            let name = [cell(cells, "first name"), cell(cells, "last name")].compactMap { $0 }.joined(separator: " ")
            guard !name.isEmpty else {
                return .problem(ImportProblem(line: line, message: "a row without a first or last name was left out"))
            }
            var contact = ContactRecord(line: line, name: name)
            contact.fromLinkedIn = true
            if let url = cell(cells, "url") { contact.urls = [url] }
            if let email = cell(cells, "email address") { contact.emails = [ContactPoint(value: email)] }
            contact.organization = cell(cells, "company")
            contact.title = cell(cells, "position")
            if let connected = cell(cells, "connected on") {
                contact.met = "LinkedIn, " + (LinkedInFormat.connectedOn(connected) ?? connected)
            } else {
                contact.met = "LinkedIn"
            }
            return .contact(contact)
        }
        return nil
    }
}

/// What tells LinkedIn's export apart, and its dates.
public enum LinkedInFormat {
    /// True when `bytes` (the start of a file) look like LinkedIn's export.
    public static func looksLikeConnections(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        return text.contains("first name,last name")
    }

    /// "15 Mar 2024" (also "3 Feb 2021"): the same text, normalised to "15 Mar 2024"; nil when
    /// it is not such a date (the raw text is used then).
    public static func connectedOn(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, let day = Int(parts[0]), (1...31).contains(day), let year = Int(parts[2]), (1900...9999).contains(year) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: parts[1].prefix(3).lowercased()) else { return nil }
        return "\(day) \(months[month].capitalized) \(year)"
    }
}
