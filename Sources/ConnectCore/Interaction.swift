import Foundation

/// One moment of connecting with a person: a coffee, a call, reading what they wrote.
public struct Interaction: Equatable, Sendable {
    public var id: Int64
    public var personID: Int64
    public var kind: InteractionKind
    public var at: Date
    public var note: String?
    /// The name every machine knows it by (the vdir mirror's file); made up when it is stored.
    public var uid: String

    public init(id: Int64 = 0, personID: Int64, kind: InteractionKind, at: Date, note: String? = nil, uid: String = "") {
        self.uid = uid
        self.id = id
        self.personID = personID
        self.kind = kind
        self.at = at
        self.note = note
    }
}
