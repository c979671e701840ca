import Foundation

/// One moment of connecting with a person: a coffee, a call, reading what they wrote. A lunch
/// with Ada and Grace is one interaction: logged for one of them, `with` the other.
public struct Interaction: Equatable, Sendable {
    public var id: Int64
    /// Whose interaction it is: the person it was logged for, or, read as someone's history, theirs.
    public var personID: Int64
    public var kind: InteractionKind
    public var at: Date
    public var note: String?
    /// The name every machine knows it by (the vdir mirror's file); made up when it is stored.
    public var uid: String
    /// The other people who were there (their names as they are when read; empty when writing).
    public var with: [Companion]

    /// Someone else who was there.
    public struct Companion: Equatable, Sendable {
        public var id: Int64
        public var name: String

        public init(id: Int64, name: String = "") {
            self.id = id
            self.name = name
        }
    }

    public init(id: Int64 = 0, personID: Int64, kind: InteractionKind, at: Date, note: String? = nil, uid: String = "", with: [Companion] = []) {
        self.uid = uid
        self.id = id
        self.personID = personID
        self.kind = kind
        self.at = at
        self.note = note
        self.with = with
    }

    /// Everyone who was there: the person first.
    public var everyone: [Int64] { [personID] + with.map(\.id) }
}
