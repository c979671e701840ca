/// Someone a person is related to: "Byron, child", "Grace Hopper, friend". When the other one is
/// in connectd too, `uid` links the two (vCard RELATED with a urn:uuid: value), so a rename follows.
public struct Relation: Equatable, Hashable, Sendable {
    public var name: String
    /// Lower-case: vCard 4 RELATED TYPEs (child, spouse, friend, colleague…) or a word of the user's.
    public var type: String
    /// The UID of the person in connectd it points to.
    public var uid: String?

    public init(name: String, type: String, uid: String? = nil) {
        self.name = name
        self.type = type
        self.uid = uid
    }

    /// "NAME:TYPE" as typed (`--related "Byron:child"`): the last colon separates them.
    public static func parse(_ raw: String) throws(CoreError) -> (name: String, type: String) {
        guard let colon = raw.lastIndex(of: ":") else { throw .invalidRelation(raw) }
        let name = try TextRules.check(String(raw[..<colon]), .name)
        let type = try TextRules.check(String(raw[raw.index(after: colon)...]), .label).lowercased()
        guard !name.isEmpty, !type.isEmpty else { throw .invalidRelation(raw) }
        return (name, type)
    }
}
