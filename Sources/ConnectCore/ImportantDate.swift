import ConnectTime

/// A date of someone's that comes back every year besides their birthday: an anniversary,
/// "joined Plaid". Nudged on its morning like a birthday, with the years since.
public struct ImportantDate: Equatable, Hashable, Sendable {
    /// What the date is, as the user or the address book named it; `anniversary` is vCard's
    /// ANNIVERSARY.
    public var label: String
    public var date: YearlyDate

    public init(label: String, date: YearlyDate) {
        self.label = label
        self.date = date
    }

    /// The label of vCard's ANNIVERSARY (and of Apple's `_$!<Anniversary>!$_`).
    public static let anniversary = "anniversary"

    /// Whole years from the date to `day` when its year is known and it has come round at least
    /// once.
    public func years(on day: CivilDate) -> Int? {
        guard let year = date.year, day.year > year, day.year - year < 1000 else { return nil }
        return day.year - year
    }

    /// "LABEL:DATE" as typed on the command line (`--date "joined Plaid:2024-03-01"`); the last
    /// colon separates them, so a label may contain one.
    public static func parse(_ raw: String, today: CivilDate) throws(CoreError) -> ImportantDate {
        guard let colon = raw.lastIndex(of: ":") else { throw .invalidImportantDate(raw) }
        let label = try TextRules.check(String(raw[..<colon]), .label)
        let dateText = String(raw[raw.index(after: colon)...]).trimmingWhitespace
        guard !label.isEmpty else { throw .invalidImportantDate(raw) }
        return ImportantDate(label: label.lowercased() == anniversary ? anniversary : label, date: try checkedDate(dateText, today: today))
    }

    /// A date as typed: 2024-03-01 or --03-01; one after `today` is refused (it has not happened).
    public static func checkedDate(_ text: String, today: CivilDate) throws(CoreError) -> YearlyDate {
        guard let date = YearlyDate.parse(text) else { throw .invalidDate(text) }
        if let year = date.year, let day = CivilDate(year: year, month: date.month, day: date.day), today < day {
            throw .dateInFuture(text)
        }
        return date
    }
}

/// One of someone's days, as the nudge of that morning names it: their birthday, or a date.
public struct Occasion: Equatable, Sendable {
    /// Nil for the birthday.
    public let label: String?
    public let date: YearlyDate

    /// The person's birthday and dates that fall on `day` (February 29 on the 28th in other
    /// years), birthday first.
    public static func of(_ person: Person, on day: CivilDate) -> [Occasion] {
        var found: [Occasion] = []
        if let birthday = person.birthday, birthday.falls(on: day) { found.append(Occasion(label: nil, date: birthday)) }
        for date in person.dates where date.date.falls(on: day) { found.append(Occasion(label: date.label, date: date.date)) }
        return found
    }
}
