import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One entry of a feed: its title as plain text, its link, and when it was published.
public struct FeedEntry: Equatable, Sendable {
    public var title: String
    public var link: String?
    public var published: Date?
}

/// Why a body is not read as a feed; each says what was wrong in a sentence for the log.
public enum FeedProblem: Error, Equatable, CustomStringConvertible {
    case entities
    case notUTF8
    case notAFeed(root: String)
    case invalidXML(line: Int, reason: String)

    public var description: String {
        switch self {
        case .entities: "it declares XML entities (a DTD, or an entity expansion attack): not read"
        case .notUTF8: "not UTF-8 (UTF-16, or NUL bytes): not read"
        case .notAFeed(let root): "not a feed: its root element is <\(root.prefix(40))>, not Atom's <feed> or RSS's <rss>"
        case .invalidXML(let line, let reason): "not valid XML (line \(line): \(reason.prefix(120)))"
        }
    }
}

/// Atom 1.0 and RSS 2.0 (and RSS 1.0) read with Foundation's XMLParser (libxml2): entries with
/// their title, link and date, in the feed's order, at most `maxEntries`. A document that
/// declares entities is refused before it is parsed, so no expansion can take time or memory.
public enum FeedDocument {
    public static let maxEntries = 50

    public static func parse(_ bytes: [UInt8]) throws(FeedProblem) -> [FeedEntry] {
        // UTF-8 only (XML's default, and every feed seen): in UTF-16 the look for entity
        // declarations below would not see them, so such a body is not read at all.
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.contains(0) { throw .notUTF8 }
        if contains(bytes, "<!entity") { throw .entities }
        let reader = Reader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = reader
        let parsed = parser.parse()
        if let root = reader.root, !["feed", "rss", "rdf:rdf"].contains(root.lowercased()) { throw .notAFeed(root: root) }
        // A document cut short, or with tags that do not match, is refused even when the parser
        // recovered: what it says cannot be trusted to be what was meant.
        guard parsed || reader.stoppedEarly, reader.root != nil, reader.depth == 0 || reader.stoppedEarly else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? (reader.root == nil ? "no root element" : "elements left open")
            throw .invalidXML(line: parser.lineNumber, reason: reason)
        }
        return reader.entries
    }

    /// Whether `needle` (lower-case ASCII) occurs in `bytes`, case ignored.
    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return false }
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0] {
                var matched = true
                for offset in 1..<pattern.count where bytes[index + offset] | 0x20 != pattern[offset] | 0x20 {
                    matched = false
                    break
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var root: String?
        var entries: [FeedEntry] = []
        /// Elements open now.
        var depth = 0
        /// Parsing stopped at `maxEntries` (on purpose).
        var stoppedEarly = false
        private var entry: (title: String, titleIsHTML: Bool, link: String?, date: String?)?
        private var field: String?
        private var text = ""
        private var isHTML = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = name }
            depth += 1
            let local = name.lowercased()
            if local == "entry" || local == "item" {
                guard entries.count < FeedDocument.maxEntries else {
                    stoppedEarly = true
                    return parser.abortParsing()
                }
                entry = ("", false, nil, nil)
                return
            }
            guard entry != nil else { return }
            switch local {
            case "title":
                field = "title"
                // Atom says when a title is HTML; RSS titles often carry escaped markup.
                isHTML = attributes["type"].map { $0 == "html" || $0 == "xhtml" } ?? (root?.lowercased() != "feed")
                text = ""
            case "link", "atom:link":
                let rel = attributes["rel"] ?? "alternate"
                if let href = attributes["href"], rel == "alternate", entry?.link == nil { entry?.link = href }
                if attributes["href"] == nil { field = "link"; text = "" }
            case "published", "updated", "pubdate", "dc:date", "atom:updated", "atom:published":
                if local == "updated" || local == "atom:updated", entry?.date != nil { return }
                field = "date"
                text = ""
            default:
                break
            }
        }

        /// Never reached after the check above; should a declaration get through anyway, the parse stops.
        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            root = root ?? "!ENTITY"
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard field != nil, text.utf8.count < 16_384 else { return }
            text += string
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            guard field != nil, text.utf8.count < 16_384 else { return }
            text += String(decoding: block.prefix(16_384), as: UTF8.self)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            let local = name.lowercased()
            if local == "entry" || local == "item", let done = entry {
                let title = done.titleIsHTML ? PlainText.from(html: done.title) : PlainText.cleaned(done.title, limit: 300)
                if !title.isEmpty {
                    entries.append(FeedEntry(title: title, link: done.link?.trimmingCharacters(in: .whitespacesAndNewlines),
                                             published: done.date.flatMap(FeedDate.parse)))
                }
                entry = nil
                field = nil
                return
            }
            switch field {
            case "title" where local == "title":
                entry?.title = text
                entry?.titleIsHTML = isHTML
            case "link" where local == "link" || local == "atom:link":
                if entry?.link == nil { entry?.link = text }
            case "date" where ["published", "updated", "pubdate", "dc:date", "atom:updated", "atom:published"].contains(local):
                if entry?.date == nil || local.hasSuffix("published") { entry?.date = text }
            default:
                return
            }
            field = nil
        }
    }
}
