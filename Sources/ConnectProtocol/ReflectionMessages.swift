public struct AnswerInfo: Codable, Equatable, Sendable {
    public var text: String
    public var at: String

    public init(text: String, at: String) {
        self.text = text
        self.at = at
    }
}

/// A delivered prompt with its answers (see `type Reflection`).
public struct ReflectionInfo: Codable, Equatable, Sendable {
    public var id: Int64
    public var promptId: String
    public var text: String
    public var slot: String
    public var deliveredAt: String
    public var late: Bool
    public var answers: [AnswerInfo]

    public init(id: Int64, promptId: String, text: String, slot: String, deliveredAt: String, late: Bool, answers: [AnswerInfo]) {
        self.id = id
        self.promptId = promptId
        self.text = text
        self.slot = slot
        self.deliveredAt = deliveredAt
        self.late = late
        self.answers = answers
    }
}

public struct PromptReply: Codable, Sendable {
    public var current: ReflectionInfo?
    public var nextText: String?
    public var nextAt: String?

    public init(current: ReflectionInfo?, nextText: String?, nextAt: String?) {
        self.current = current
        self.nextText = nextText
        self.nextAt = nextAt
    }
}

public struct ReflectParameters: Codable, Sendable {
    public var answer: String
    public init(answer: String) { self.answer = answer }
}

public struct ReflectReply: Codable, Sendable {
    public var reflection: ReflectionInfo
    public init(reflection: ReflectionInfo) { self.reflection = reflection }
}

public struct ReflectionsParameters: Codable, Sendable {
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

public struct ReflectionsReply: Codable, Sendable {
    public var reflections: [ReflectionInfo]
    public var streak: Int

    public init(reflections: [ReflectionInfo], streak: Int) {
        self.reflections = reflections
        self.streak = streak
    }
}
