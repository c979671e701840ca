import ConnectTime
import Foundation

/// Someone the user wants to stay close to, and what makes a reconnect message personal.
public struct Person: Equatable, Sendable {
    public var id: Int64
    public var name: String
    /// How often to catch up; nil until the user decides (imported people wait for triage).
    public var cadence: Cadence?
    public var met: String?
    public var interests: String?
    public var notes: String?
    public var tags: [String]
    public var links: [String]
    public var addedAt: Date
    /// Set by snooze, skip, `add --due now` or a spread start: the person is next due at this
    /// instant instead of one cadence after the last contact. Logging an interaction clears it.
    public var dueOverride: Date?
    /// The stable identity an address book knows them by (vCard UID); made up when they are added.
    public var uid: String
    /// The UID came from an address book (not made up here): a card with another UID is someone else.
    public var uidFromAddressBook: Bool
    public var emails: [ContactPoint]
    public var phones: [ContactPoint]
    public var organization: String?
    public var title: String?
    public var birthday: YearlyDate?
    /// Hidden from triage and never nudged, but kept.
    public var ignored: Bool
    /// The organization and title came from LinkedIn: a later LinkedIn export that differs is news.
    public var jobFromLinkedIn: Bool
    /// When any of their fields last changed (vCard REV): between two machines the newest wins.
    public var revisedAt: Date?
    /// When single fields last changed (those never changed since the person was added have no
    /// entry): a merge of two machines' versions takes each field from the side that changed it last.
    public var fieldRevisions: [PersonField: Date] = [:]
    /// Someone you want to meet and have not contacted yet: nudged for a first contact (paced
    /// apart), and on their cadence from the first interaction on.
    public var wantToMeet = false
    /// Where you came across them ("her MomCom Life post on Twitter").
    public var found: String?
    /// Something that changed about them since the last contact ("is now Founder at MomCom"):
    /// the next nudge leads with it.
    public var news: String?
    /// The properties of their card that connectd does not use (an address, a photo, another
    /// program's X-…), as whole vCard lines: written back with the card, so nothing is lost.
    public var cardExtras: [String] = []
    /// Dates that come back every year besides the birthday (an anniversary, "joined Plaid").
    public var dates: [ImportantDate] = []
    /// Their family and friends ("Byron, child"): a nudge may ask about them.
    public var related: [Relation] = []
    /// The zone they live in ("Asia/Tokyo"): `show` and nudges give their local time.
    public var timeZone: String?
    /// Their own feed (Atom or RSS): the next nudge leads with what they just published.
    public var feed: String?

    public init(
        id: Int64 = 0, name: String, cadence: Cadence?, met: String? = nil, interests: String? = nil,
        notes: String? = nil, tags: [String] = [], links: [String] = [], addedAt: Date, dueOverride: Date? = nil,
        uid: String = "", emails: [ContactPoint] = [], phones: [ContactPoint] = [], organization: String? = nil,
        title: String? = nil, birthday: YearlyDate? = nil, ignored: Bool = false, news: String? = nil, uidFromAddressBook: Bool = false,
        jobFromLinkedIn: Bool = false, revisedAt: Date? = nil, fieldRevisions: [PersonField: Date] = [:], wantToMeet: Bool = false,
        found: String? = nil, cardExtras: [String] = [], dates: [ImportantDate] = [], related: [Relation] = [], timeZone: String? = nil, feed: String? = nil
    ) {
        self.feed = feed
        self.dates = dates
        self.related = related
        self.timeZone = timeZone
        self.cardExtras = cardExtras
        self.wantToMeet = wantToMeet
        self.found = found
        self.fieldRevisions = fieldRevisions
        self.revisedAt = revisedAt
        self.jobFromLinkedIn = jobFromLinkedIn
        self.uidFromAddressBook = uidFromAddressBook
        self.id = id
        self.name = name
        self.cadence = cadence
        self.met = met
        self.interests = interests
        self.notes = notes
        self.tags = tags
        self.links = links
        self.addedAt = addedAt
        self.dueOverride = dueOverride
        self.uid = uid
        self.emails = emails
        self.phones = phones
        self.organization = organization
        self.title = title
        self.birthday = birthday
        self.ignored = ignored
        self.news = news
    }

    /// A new stable identity: a lower-case UUID, made only of the characters vdirsyncer keeps in
    /// file names (so a person's file has the same name on every machine).
    public static func newUID() -> String { UUID().uuidString.lowercased() }

    /// When `field` last changed: a field never changed is as old as the person.
    public func revision(of field: PersonField) -> Date { fieldRevisions[field] ?? addedAt }

    /// Scheduled: has a cadence, is not ignored, and has been contacted if they were someone to meet.
    public var scheduledCadence: Cadence? { Self.scheduledCadence(cadence, ignored: ignored, wantToMeet: wantToMeet) }

    /// Not nudged on a cadence on purpose (ignored, or waiting for a first contact): not "to triage".
    public var isHeld: Bool { Self.isHeld(ignored: ignored, wantToMeet: wantToMeet) }

    /// The one rule of which cadence counts: the schedule's projection reads it from the stored
    /// fields too.
    public static func scheduledCadence(_ cadence: Cadence?, ignored: Bool, wantToMeet: Bool) -> Cadence? {
        isHeld(ignored: ignored, wantToMeet: wantToMeet) ? nil : cadence
    }

    public static func isHeld(ignored: Bool, wantToMeet: Bool) -> Bool { ignored || wantToMeet }

    /// A name as stored: trimmed, inner whitespace collapsed. Refuses a blank or invisible name,
    /// control characters, an overlong one, and one that reads as an id ("12", "#3"), which could
    /// never be found by name.
    public static func normalizedName(_ raw: String) throws(CoreError) -> String {
        let checked = try TextRules.check(raw, .name)
        let words = checked.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { throw .emptyName }
        let name = words.joined(separator: " ")
        guard !TextRules.isInvisible(name) else { throw .invisibleName(raw) }
        guard NameMatcher.id(in: name) == nil else { throw .nameLooksLikeID(name) }
        return name
    }

    /// Most entries of one list (e-mail addresses, phones, links, tags) a person keeps: more is
    /// refused when typed, and left out (and said) when imported.
    public static let maxListEntries = 100

    /// Tags are compared case-insensitively, stored lower-case, without duplicates, in given order;
    /// "a,b" is two tags.
    public static func normalizedTags(_ raw: [String]) throws(CoreError) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for part in raw.flatMap({ $0.split(separator: ",") }) {
            let tag = try TextRules.check(String(part), .tag).lowercased()
            if !tag.isEmpty, seen.insert(tag).inserted { tags.append(tag) }
        }
        guard tags.count <= maxListEntries else { throw .tooMany(field: "tags", limit: maxListEntries) }
        return tags
    }

    /// An optional text field as stored: trimmed, nil when blank.
    public static func optionalText(_ raw: String?, _ field: TextRules.Field) throws(CoreError) -> String? {
        guard let raw else { return nil }
        let text = try TextRules.check(raw, field)
        return text.isEmpty ? nil : text
    }

    /// E-mail addresses or phone numbers as given on the command line: checked, blanks dropped.
    public static func contactPoints(_ raw: [String], _ field: TextRules.Field) throws(CoreError) -> [ContactPoint] {
        var points: [ContactPoint] = []
        for value in raw {
            let text = try TextRules.check(value, field)
            if !text.isEmpty { points.append(ContactPoint(value: text)) }
        }
        guard points.count <= maxListEntries else { throw .tooMany(field: field == .email ? "e-mail addresses" : "phone numbers", limit: maxListEntries) }
        return points
    }

    /// A birthday as typed ("" clears it); one with a year after `today` is refused.
    public static func birthday(_ raw: String, today: CivilDate) throws(CoreError) -> YearlyDate? {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        guard let birthday = YearlyDate.parse(text) else { throw .invalidBirthday(text) }
        if let year = birthday.year, let date = CivilDate(year: year, month: birthday.month, day: birthday.day), today < date {
            throw .birthdayInFuture(text)
        }
        return birthday
    }

    /// Important dates as stored: one per label and date, at most `maxListEntries`.
    public static func normalizedDates(_ raw: [ImportantDate]) throws(CoreError) -> [ImportantDate] {
        var seen = Set<ImportantDate>()
        let dates = raw.filter { seen.insert($0).inserted }
        guard dates.count <= maxListEntries else { throw .tooMany(field: "dates", limit: maxListEntries) }
        return dates
    }

    /// Relationships as stored: one per name and type (case ignored), at most `maxListEntries`.
    public static func normalizedRelations(_ raw: [Relation]) throws(CoreError) -> [Relation] {
        var seen = Set<String>()
        let related = raw.filter { seen.insert(NameKey.fold($0.name) + "\u{0}" + $0.type).inserted }
        guard related.count <= maxListEntries else { throw .tooMany(field: "relationships", limit: maxListEntries) }
        return related
    }

    /// A feed's address as typed: http or https, with a host, and no password in it; "" is none.
    public static func feedURL(_ raw: String) throws(CoreError) -> String? {
        let text = try TextRules.check(raw, .link)
        guard !text.isEmpty else { return nil }
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !text.contains(" "),
              let host = text.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first, !host.contains("@") else {
            throw .invalidFeed(text)
        }
        return text
    }

    /// Links as stored: trimmed, blanks dropped.
    public static func normalizedLinks(_ raw: [String]) throws(CoreError) -> [String] {
        var links: [String] = []
        for link in raw {
            let text = try TextRules.check(link, .link)
            if !text.isEmpty { links.append(text) }
        }
        guard links.count <= maxListEntries else { throw .tooMany(field: "links", limit: maxListEntries) }
        return links
    }
}
