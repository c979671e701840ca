/// What kind of connecting happened: one of the built-in kinds, or one of the user's own
/// (`[kinds] extra = ["hike"]`). Stored by name; a name this connectd does not know (from an
/// import, or from another machine with other kinds) is kept as it is, never made `other`.
public struct InteractionKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// A kind by its stored name: 1 to 40 lower-case letters, digits, spaces, '-' or '_', not
    /// starting or ending with a space (what the config and every reader accept).
    public init?(rawValue: String) {
        guard Self.isValidName(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(builtIn name: String) { rawValue = name }

    public static let coffee = InteractionKind(builtIn: "coffee")
    public static let lunch = InteractionKind(builtIn: "lunch")
    public static let dinner = InteractionKind(builtIn: "dinner")
    public static let call = InteractionKind(builtIn: "call")
    public static let video = InteractionKind(builtIn: "video")
    public static let message = InteractionKind(builtIn: "message")
    public static let email = InteractionKind(builtIn: "email")
    public static let meeting = InteractionKind(builtIn: "meeting")
    public static let read = InteractionKind(builtIn: "read")
    public static let gift = InteractionKind(builtIn: "gift")
    public static let help = InteractionKind(builtIn: "help")
    public static let other = InteractionKind(builtIn: "other")

    /// The kinds every connectd knows, in the order help lists them.
    public static let builtIn: [InteractionKind] = [.coffee, .lunch, .dinner, .call, .video, .message, .email, .meeting, .read, .gift, .help, .other]

    public var description: String { rawValue }

    public static func isValidName(_ name: String) -> Bool {
        guard (1...40).contains(name.count), name.first != " ", name.last != " " else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            (scalar.properties.isLowercase || scalar.properties.numericType != nil || " -_".unicodeScalars.contains(scalar)
                || (scalar.properties.isAlphabetic && !scalar.properties.isUppercase))
        }
    }

    /// A name as a file or another machine writes it ("Hike", " lunch "), or nil when it cannot be one.
    public static func named(_ text: String) -> InteractionKind? {
        InteractionKind(rawValue: text.trimmingSpaces.lowercased())
    }

    /// What the user typed: a kind's name in any case, a few everyday synonyms, or one of `extra`.
    public static func parse(_ text: String, extra: [InteractionKind] = []) throws(CoreError) -> InteractionKind {
        let word = text.trimmingSpaces.lowercased()
        if let kind = builtIn.first(where: { $0.rawValue == word }) ?? extra.first(where: { $0.rawValue == word }) { return kind }
        switch word {
        case "text", "dm", "chat", "msg": return .message
        case "mail": return .email
        case "phone": return .call
        case "meet", "met": return .meeting
        case "article", "post", "blog": return .read
        default: throw .invalidKind(text, accepted: (builtIn + extra).map(\.rawValue))
        }
    }

    /// The words `parse` reads as a built-in kind: a kind of the user's own may not be one of them.
    public static func isTaken(_ name: String) -> Bool { (try? parse(name)) != nil }

    /// The kind counted more than once: "2 lunches", "3 calls", "2 × board games".
    public var plural: String {
        switch self {
        case .lunch: "lunches"
        case .help: "help"
        case .read: "reads"
        default: rawValue.hasSuffix("s") || rawValue.hasSuffix("ing") ? rawValue : rawValue + "s"
        }
    }

    /// The kind as a suggestion reads it: "Maybe a call this time", "Maybe a hike this time",
    /// "Maybe climbing this time".
    public var suggestionPhrase: String {
        switch self {
        case .coffee: "a coffee"
        case .lunch: "a lunch"
        case .dinner: "a dinner"
        case .call: "a call"
        case .video: "a video call"
        case .message: "a message"
        case .email: "an e-mail"
        case .meeting: "meeting in person"
        case .read: "reading something of theirs"
        case .gift: "a small gift"
        case .help: "helping with something"
        case .other: "something different"
        default:
            // One word that is not an activity or a plural takes an article: "a hike", "an escape room".
            rawValue.contains(" ") || rawValue.hasSuffix("ing") || rawValue.hasSuffix("s") ? rawValue
                : ("aeiou".contains(rawValue.first ?? "x") ? "an " : "a ") + rawValue
        }
    }
}
