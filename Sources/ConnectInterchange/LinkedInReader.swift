import ConnectCore
import CSV
import Foundation

/// Reads LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy of your data): skips
/// the "Notes:" preamble by finding the header row, maps columns by their names (First Name,
/// Last Name, URL, Email Address, Company, Position, Connected On), and makes each row a contact
/// whose profile URL is its identity and whose how-met is "LinkedIn, 15 Mar 2024". The CSV
/// itself is parsed by yaslab/CSV.swift (RFC 4180 quoting, BOM), streaming from the file.
public struct LinkedInReader {
    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case noHeader

        public var description: String {
            switch self {
            case .unreadable(let reason): "the CSV cannot be read: \(reason)"
            case .noHeader: "no header row with First Name and Last Name was found: is this LinkedIn's Connections.csv?"
            }
        }
    }

    /// Where the header was looked for, at most.
    static let maxPreambleRows = 20

    private let reader: CSVReader
    private var columns: [String: Int] = [:]
    private var row = 0

    public init(stream: InputStream) throws {
        do {
            reader = try CSVReader(stream: stream, codecType: UTF8.self, hasHeaderRow: false, trimFields: true)
        } catch {
            throw Failure.unreadable("\(error)")
        }
        for _ in 0..<Self.maxPreambleRows {
            guard let cells = reader.next() else { break }
            row += 1
            let names = cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if names.contains("first name"), names.contains("last name") {
                for (index, name) in names.enumerated() where columns[name] == nil { columns[name] = index }
                return
            }
        }
        throw Failure.noHeader
    }

    /// True when `bytes` (the start of a file) look like LinkedIn's export.
    public static func looksLikeConnections(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        return text.contains("first name,last name")
    }

    private func cell(_ cells: [String], _ name: String) -> String? {
        guard let index = columns[name], index < cells.count else { return nil }
        let value = cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// The next contact or problem; nil at the end.
    public mutating func next() throws -> ImportItem? {
        while let cells = reader.next() {
            row += 1
            guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            let name = [cell(cells, "first name"), cell(cells, "last name")].compactMap { $0 }.joined(separator: " ")
            guard !name.isEmpty else {
                return .problem(ImportProblem(line: row, message: "a row without a first or last name was left out"))
            }
            var contact = ContactRecord(line: row, name: name)
            contact.fromLinkedIn = true
            if let url = cell(cells, "url") { contact.urls = [url] }
            if let email = cell(cells, "email address") { contact.emails = [ContactPoint(value: email)] }
            contact.organization = cell(cells, "company")
            contact.title = cell(cells, "position")
            if let connected = cell(cells, "connected on") {
                contact.met = "LinkedIn, " + (Self.connectedOn(connected) ?? connected)
            } else {
                contact.met = "LinkedIn"
            }
            return .contact(contact)
        }
        // CSV.swift reports the end of a file stream as `cannotReadFile` (Foundation's file
        // streams on Linux say bytes are available until a read returns nothing): that is the end.
        if let error = reader.error, !Self.isEndOfStream(error) { throw Failure.unreadable("\(error)") }
        return nil
    }

    static func isEndOfStream(_ error: any Error) -> Bool {
        if case CSVError.cannotReadFile = error { return true }
        return false
    }

    /// "15 Mar 2024" (also "3 Feb 2021"): the same text, normalised to "15 Mar 2024"; nil when
    /// it is not such a date (the raw text is used then).
    static func connectedOn(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, let day = Int(parts[0]), (1...31).contains(day), let year = Int(parts[2]), (1900...9999).contains(year) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: parts[1].prefix(3).lowercased()) else { return nil }
        return "\(day) \(months[month].capitalized) \(year)"
    }
}
