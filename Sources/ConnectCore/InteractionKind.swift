/// What kind of connecting happened. Stored by raw value; the set only grows.
public enum InteractionKind: String, CaseIterable, Sendable, Codable {
    case coffee, lunch, dinner, call, video, message, email, meeting, read, gift, help, other

    /// Accepts the kind's name in any case, plus a few everyday synonyms.
    public static func parse(_ text: String) throws(CoreError) -> InteractionKind {
        let word = text.trimmingSpaces.lowercased()
        if let kind = InteractionKind(rawValue: word) { return kind }
        switch word {
        case "text", "dm", "chat", "msg": return .message
        case "mail": return .email
        case "phone": return .call
        case "meet", "met": return .meeting
        case "article", "post", "blog": return .read
        default: throw .invalidKind(text)
        }
    }

    /// The kind counted more than once: "2 lunches", "3 calls".
    public var plural: String {
        switch self {
        case .lunch: "lunches"
        case .help: "help"
        case .read: "reads"
        default: rawValue + "s"
        }
    }

    /// The kind as a suggestion reads it: "Maybe a call this time".
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
        }
    }
}
