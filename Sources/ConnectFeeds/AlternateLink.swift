import Foundation

/// The feed a web page names in its head: `<link rel="alternate" type="application/atom+xml"
/// href="…">` (or RSS), resolved against the page's address. Read from the page's bytes
/// without an HTML parser: only `<link …>` tags are looked at, in the first 512 KiB.
public enum AlternateLink {
    public static func find(in bytes: [UInt8], page: URL) -> String? {
        let text = String(decoding: bytes.prefix(512 << 10), as: UTF8.self)
        var rest = text[...]
        while let start = rest.range(of: "<link", options: .caseInsensitive) {
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { return nil }
            let attributes = Self.attributes(String(rest[start.upperBound..<end]))
            rest = rest[end...]
            guard let rel = attributes["rel"]?.lowercased(), rel.split(separator: " ").contains("alternate"),
                  let type = attributes["type"]?.lowercased(), type == "application/atom+xml" || type == "application/rss+xml",
                  let href = attributes["href"], let url = URL(string: href, relativeTo: page)?.absoluteURL,
                  let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { continue }
            return url.absoluteString
        }
        return nil
    }

    /// name="value", name='value' and name=value pairs of a tag, names lower-cased.
    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            while index < characters.count, characters[index].isWhitespace || characters[index] == "/" { index += 1 }
            var name = ""
            while index < characters.count, characters[index] != "=", !characters[index].isWhitespace { name.append(characters[index]); index += 1 }
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            guard index < characters.count, characters[index] == "=" else { continue }
            index += 1
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            var value = ""
            if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
                let quote = characters[index]
                index += 1
                while index < characters.count, characters[index] != quote { value.append(characters[index]); index += 1 }
                index += 1
            } else {
                while index < characters.count, !characters[index].isWhitespace { value.append(characters[index]); index += 1 }
            }
            if !name.isEmpty { result[name.lowercased()] = PlainText.from(html: value, limit: 2000) }
        }
        return result
    }
}
