import ConnectCore

/// The addresses in a To, Cc or From header (RFC 5322 §3.4), in the forms mail programs write:
/// `"Lovelace, Ada" <ADA@Example.ORG>`, `grace@example.org (Grace)`, `Team: a@x.org, b@x.org;`,
/// `undisclosed-recipients:;`. Display names, comments and group names are dropped; quoted local
/// parts (`"ada.l"@example.org`) are kept as written. Linear in the header; a piece without an
/// address is passed over. The addresses come back lowercased, as connectd matches them.
public enum MailAddressList {
    /// At most this many addresses are read from one header (a message to more is not a
    /// conversation anyway, and the count is all the rules need beyond this).
    public static let most = 1000

    public static func parse(_ header: String) -> [String] {
        var addresses: [String] = []
        var current: [Character] = []   // the text of this entry outside quotes and comments
        var angle: [Character]?         // inside <…>
        var lastAngle: String?
        var quoted = false
        var escaped = false
        var commentDepth = 0

        func finish() {
            let candidate = lastAngle ?? String(current).trimmingSpaces
            if lastAngle == nil, !candidate.contains("\""), candidate.count(where: { $0 == "@" }) > 1 {
                // Two headers joined with a space ("a@x.org b@y.org"): each word.
                addresses += loose(candidate).prefix(most - addresses.count)
            } else if let address = plainAddress(candidate), addresses.count < most {
                addresses.append(address)
            }
            current = []
            angle = nil
            lastAngle = nil
        }

        for character in header {
            if escaped {
                escaped = false
                if angle != nil { angle?.append(character) } else if quoted { current.append(character) }
                continue
            }
            if quoted {
                switch character {
                case "\\": escaped = true
                case "\"":
                    quoted = false
                    if angle != nil { angle?.append(character) } else { current.append(character) }
                default:
                    if angle != nil { angle?.append(character) } else { current.append(character) }
                }
                continue
            }
            if commentDepth > 0 {
                switch character {
                case "\\": escaped = true
                case "(": commentDepth += 1
                case ")": commentDepth -= 1
                default: break
                }
                continue
            }
            switch character {
            case "\"":
                quoted = true
                if angle != nil { angle?.append(character) } else { current.append(character) }
            case "(":
                commentDepth = 1
            case "<":
                angle = []
            case ">":
                if let inside = angle { lastAngle = String(inside).trimmingSpaces }
                angle = nil
            case ",", ";":
                if angle != nil { angle?.append(character) } else { finish() }
            case ":":
                // A group's name ends here ("Team: a@x.org, b@x.org;"): what came before is not an address.
                if angle != nil { angle?.append(character) } else if lastAngle == nil { current = [] }
            default:
                if angle != nil { angle?.append(character) } else { current.append(character) }
            }
        }
        // An unclosed quote, comment or "<" (a decoded name may hold one) would hide the rest:
        // then every <…> and every bare word with an "@" is taken instead.
        guard !quoted, commentDepth == 0, angle == nil else { return loose(header) }
        finish()
        return addresses
    }

    /// The addresses of a header that does not parse: the insides of <…>, and words with an "@".
    static func loose(_ header: String) -> [String] {
        var addresses: [String] = []
        for piece in header.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }) where addresses.count < most {
            var word = Substring(piece)
            if let open = word.lastIndex(of: "<") { word = word[word.index(after: open)...] }
            word = word.drop { $0 == "\"" || $0 == "(" }
            while let last = word.last, last == ">" || last == "\"" || last == ")" { word.removeLast() }
            if let address = plainAddress(String(word)) { addresses.append(address) }
        }
        return addresses
    }

    /// `local@domain` with one unquoted "@", no spaces outside quotes, both parts non-empty; lowercased.
    static func plainAddress(_ text: String) -> String? {
        var candidate = Substring(text)
        // A display name before a bare address ("Ada ada@x.org" is not valid, but seen): the last word.
        if let space = candidate.lastIndex(where: \.isWhitespace), !candidate.hasPrefix("\"") {
            candidate = candidate[candidate.index(after: space)...]
        }
        guard candidate.count <= 320, let at = candidate.lastIndex(of: "@") else { return nil }
        let local = candidate[..<at]
        let domain = candidate[candidate.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, !domain.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "@" }),
              !candidate.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || TextRules.isBidiControl($0) }) else { return nil }
        return candidate.lowercased()
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
