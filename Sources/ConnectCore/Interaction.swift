import Foundation

/// One moment of connecting with a person: a coffee, a call, reading what they wrote.
public struct Interaction: Equatable, Sendable {
    public var id: Int64
    public var personID: Int64
    public var kind: InteractionKind
    public var at: Date
    public var note: String?

    public init(id: Int64 = 0, personID: Int64, kind: InteractionKind, at: Date, note: String? = nil) {
        self.id = id
        self.personID = personID
        self.kind = kind
        self.at = at
        self.note = note
    }
}
