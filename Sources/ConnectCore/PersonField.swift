import Foundation

/// The fields of a person that travel between machines, named as the vdir mirror names them
/// (`X-CONNECTD-FIELD-REV:notes=…`). Each keeps its own revision, so that edits made on two
/// machines to different fields of the same person both survive a merge.
public enum PersonField: String, CaseIterable, Sendable {
    case name, emails, phones, organization, title, birthday, links, tags, notes, cadence, met, into, ignored, due
    /// The card's properties connectd does not use (`Person.cardExtras`), as one field.
    case extras
    case dates, related
    case timeZone = "tz"
    case feed

    /// Whether `a` and `b` disagree on this field.
    public func differs(_ a: Person, _ b: Person) -> Bool {
        switch self {
        case .name: a.name != b.name
        case .emails: a.emails != b.emails
        case .phones: a.phones != b.phones
        case .organization: a.organization != b.organization
        case .title: a.title != b.title
        case .birthday: a.birthday != b.birthday
        case .links: a.links != b.links
        case .tags: a.tags != b.tags
        case .notes: a.notes != b.notes
        case .cadence: a.cadence != b.cadence
        case .met: a.met != b.met
        case .into: a.interests != b.interests
        case .ignored: a.ignored != b.ignored
        case .due: a.dueOverride != b.dueOverride
        case .extras: a.cardExtras != b.cardExtras
        case .dates: a.dates != b.dates
        case .related: a.related != b.related
        case .timeZone: a.timeZone != b.timeZone
        case .feed: a.feed != b.feed
        }
    }

    /// The fields on which two versions of a person disagree.
    public static func changed(from a: Person, to b: Person) -> [PersonField] { allCases.filter { $0.differs(a, b) } }
}
