import ConnectCore
import Foundation

/// One person as an address book file describes them: what the readers (vCard, LinkedIn CSV)
/// produce before connectd validates and merges it, and what the vCard writer takes.
public struct ContactRecord: Equatable, Sendable {
    /// The line of the file where the record starts (for messages).
    public var line: Int
    public var uid: String?
    /// The display name (FN, or built from N, ORG, an e-mail address or a phone number).
    public var name: String
    public var emails: [ContactPoint] = []
    public var phones: [ContactPoint] = []
    public var organization: String?
    public var title: String?
    public var birthday: YearlyDate?
    /// ANNIVERSARY, and Apple's and Google's X-ABDATE with the label of its group.
    public var dates: [ImportantDate] = []
    /// RELATED, and Apple's and Google's X-ABRELATEDNAMES with the label of its group.
    public var related: [Relation] = []
    /// TZ as a zone name ("Asia/Tokyo"); an offset stays in `extraLines`.
    public var timeZone: String?
    /// Their feed (connectd's own X-CONNECTD-FEED).
    public var feed: String?
    public var urls: [String] = []
    public var categories: [String] = []
    public var note: String?
    /// When the record was last changed, when the file says (vCard REV).
    public var revision: Date?
    // connectd's own fields (X-CONNECTD-*), present in its exports.
    public var cadence: String?
    public var met: String?
    public var interests: String?
    public var lastContact: Date?
    public var ignored = false
    /// When connectd first kept them (connectd's mirror only): never-contacted people fall due from it.
    public var addedAt: Date?
    /// A snooze or skip: next due at this instant (connectd's mirror only).
    public var dueOverride: Date?
    /// When each field last changed (connectd's mirror only; other cards have only `revision`).
    public var fieldRevisions: [PersonField: Date] = [:]
    /// A LinkedIn export speaks with authority about the current job (company and position).
    public var fromLinkedIn = false
    /// Values of the card that could not be read, said in the import's report for this card.
    public var leftOut: [String] = []
    /// What else the report says about the card ("it has no END:VCARD").
    public var remarks: [String] = []
    /// Properties connectd does not use (ADR, PHOTO, another program's X-…), each as its whole
    /// unfolded content line, in file order: written back with the card so that nothing is lost.
    public var extraLines: [String] = []

    /// Most values a reader keeps per list (e-mail addresses, phones, links, tags) of one card.
    public static let maxListValues = 1000
    /// Most bytes of `extraLines` kept per card (a photo fits; a card is at most 1 MiB in a vdir).
    public static let maxExtraBytes = 256 << 10

    /// When `field` last changed, as far as the card says.
    public func revision(of field: PersonField) -> Date { fieldRevisions[field] ?? revision ?? .distantPast }

    public init(line: Int, name: String) {
        self.line = line
        self.name = name
    }
}

/// A record or a line that could not be used, with where and why.
public struct ImportProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "\(line): \(message)" }
}

/// What a reader yields, in file order.
public enum ImportItem: Equatable, Sendable {
    case contact(ContactRecord)
    /// A piece of connectd's own JSON export, with the line it starts on.
    case exported(ExportedItem, line: Int)
    case problem(ImportProblem)
}

extension ImportItem {
    /// About how many bytes the item holds: what bounds a buffer of items by size, not count.
    public var approximateBytes: Int {
        func size(_ texts: [String]) -> Int { texts.reduce(0) { $0 + $1.utf8.count } }
        switch self {
        case .contact(let contact):
            return 256 + size([contact.name, contact.note ?? "", contact.title ?? "", contact.organization ?? ""] + contact.urls + contact.categories
                              + contact.extraLines + contact.leftOut + contact.emails.map(\.value) + contact.phones.map(\.value))
        case .exported(.person(let person), _):
            return 512 + size([person.name, person.notes ?? "", person.met ?? "", person.into ?? ""] + person.links + person.tags + (person.cardExtras ?? []))
        case .exported(.prompt(let prompt), _):
            return 256 + size([prompt.text] + prompt.reflections.map(\.answer))
        case .exported(.interaction(let interaction), _):
            return 256 + (interaction.note?.utf8.count ?? 0)
        case .exported(.followUp(let followUp), _):
            return 256 + followUp.text.utf8.count
        case .exported, .problem:
            return 256
        }
    }
}
