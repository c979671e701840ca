import ArgumentParser
import ConnectClient
import ConnectInterchange
import ConnectJSON
import ConnectProtocol
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Take everything out: vCard 4.0 for address books, or JSON with all of it.",
        discussion: """
            --format vcard writes one card per person (with connectd's own fields as X-CONNECTD-*); with --dir, one \\
            UID.vcf file per person, a folder khard and vdirsyncer read. --format json writes people, interactions, \\
            nudges and reflections, which 'connectctl import' brings back into another connectd.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case vcard, json
    }

    @Option(help: "vcard or json.") var format: Format = .vcard
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "With --format vcard: write one UID.vcf per person into this directory.") var dir: String?
    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard out == nil || dir == nil else { throw ValidationError("Give --out or --dir, not both.") }
        guard dir == nil || format == .vcard else { throw ValidationError("--dir writes vCards: use it with --format vcard.") }
    }

    func run() throws {
        let connection = try VarlinkConnection(socketPath: options.target.socketPath, hint: StartHint.text)
        var after: Int64 = 0
        var cards: [ExportCardInfo] = []
        var pages: [ExportPage] = []
        while true {
            let raw = try connection.call(.export, ExportParameters(format: format.rawValue, after: after, limit: 1000))
            let reply: ExportReply
            do { reply = try JSONValueDecoder().decode(ExportReply.self, from: raw) } catch { throw ClientError.badReply("\(error)") }
            if let text = reply.page {
                do {
                    pages.append(try JSONValueDecoder().decode(ExportPage.self, from: try JSONParser.parse(Array(text.utf8))))
                } catch {
                    throw ClientError.badReply("an export page: \(error)")
                }
            }
            cards += reply.cards
            guard let next = reply.next, next > after else { break }
            after = next
        }
        if let dir {
            try Self.writeDirectory(cards, to: dir)
            printError("Wrote \(cards.count) cards to \(TerminalText.safe(dir)).")
            return
        }
        let bytes: [UInt8]
        switch format {
        case .vcard: bytes = Array(cards.map(\.text).joined().utf8)
        case .json:
            let document = ExportDocument(pages: pages)
            let value = try JSONParser.parse(try JSONEncoding.encode(document))
            bytes = Array((JSONWriter.prettyText(value) + "\n").utf8)
        }
        if let out {
            try Self.write(bytes, to: out)
            printError("Wrote \(format == .vcard ? "\(cards.count) cards" : "\(pages.reduce(0) { $0 + $1.people.count }) people") to \(TerminalText.safe(out)).")
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }

    /// Writes through a temporary file and a rename: a reader never sees half a file.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".connectctl-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw ClientError.file("\(TerminalText.safe(path)) cannot be written (check the directory and its permissions).")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ClientError.file("\(TerminalText.safe(path)) cannot be written: \(String(cString: strerror(errno))).")
        }
    }

    /// One `UID.vcf` per card, as vdirsyncer names them (without `urn:uuid:`; a UID with other
    /// characters gets a file name made of its hex bytes).
    static func writeDirectory(_ cards: [ExportCardInfo], to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ClientError.file("\(TerminalText.safe(directory)) cannot be created: \(error.localizedDescription)")
        }
        for card in cards {
            try write(Array(card.text.utf8), to: directory + "/" + fileName(uid: card.uid) + ".vcf")
        }
    }

    static func fileName(uid full: String) -> String {
        let uid = full.lowercased().hasPrefix("urn:uuid:") ? String(full.dropFirst(9)) : full
        let safe = uid.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || "_.-+".utf8.contains(byte)
        }
        if safe, !uid.isEmpty, !uid.hasPrefix("."), uid.utf8.count <= 200 { return uid }
        return uid.utf8.prefix(100).map { String(format: "%02x", $0) }.joined()
    }
}
