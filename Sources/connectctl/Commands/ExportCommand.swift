import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol
#if canImport(Glibc)
import Glibc
#endif

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Take everything out: vCard 4.0 for address books, or JSON with all of it.",
        discussion: """
            --format vcard writes one card per person (with connectd's own fields as X-CONNECTD-*); with --dir, one \
            UID.vcf file per person, a folder khard and vdirsyncer read. --format json writes people, interactions, \
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

    /// The sections of the JSON export, in the order they are written.
    static let sections = ["people", "interactions", "followUps", "nudges", "prompts", "circles", "plans"]

    func run() throws {
        let connection = try VarlinkConnection(socketPath: options.target.socketPath, hint: StartHint.text)
        var after: Int64 = 0
        var cards: [ExportCardInfo] = []
        var document = JSONObject()
        var lists: [String: [JSONValue]] = [:]
        while true {
            let raw = try connection.call(.export, ExportParameters(format: format.rawValue, after: after, limit: 1000))
            let reply: ExportReply
            do { reply = try ExportReply(json: raw, path: "reply") } catch { throw ClientError.badReply("\(error)") }
            if let text = reply.page {
                let page: JSONValue
                do { page = try JSONParser.parse(Array(text.utf8)) } catch { throw ClientError.badReply("an export page: \(error)") }
                for key in ["format", "version", "promptEpoch"] where document[key] == nil {
                    if let value = page[key] { document[key] = value }
                }
                for key in Self.sections {
                    if case .array(let items)? = page[key] { lists[key, default: []] += items }
                }
            }
            cards += reply.cards
            guard let next = reply.next, next > after else { break }
            after = next
        }
        if let dir {
            try LocalFile.makeDirectory(dir)
            let leftovers = LocalFile.removeLeftovers(in: dir)
            if leftovers > 0 { printError("Removed \(leftovers) temporary files an interrupted export left in \(TerminalText.safe(dir)).") }
            // The daemon names each file (the same rule as its vdir mirror): a different name for every UID.
            var files: [(String, [UInt8])] = []
            for card in cards {
                guard let file = card.file, !file.contains("/"), !file.hasPrefix(".") else {
                    throw ClientError.badReply("a card came without a file name; are connectd and connectctl the same version?")
                }
                files.append((dir + "/" + file, Array(card.text.utf8)))
            }
            try LocalFile.writeAtomically(files)
            printError("Wrote \(cards.count) cards to \(TerminalText.safe(dir)).")
            return
        }
        let bytes: [UInt8]
        switch format {
        case .vcard: bytes = Array(cards.map(\.text).joined().utf8)
        case .json:
            for key in Self.sections { document[key] = .array(lists[key] ?? []) }
            bytes = Array((JSONWriter.prettyText(.object(document)) + "\n").utf8)
        }
        if let out {
            try LocalFile.writeAtomically(bytes, to: out)
            let what = format == .vcard ? "\(cards.count) cards" : "\(lists["people"]?.count ?? 0) people"
            printError("Wrote \(what) to \(TerminalText.safe(out)).")
        } else {
            _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        }
    }
}
