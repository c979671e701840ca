/// Everything the domain can refuse, each with a sentence that says what to do instead.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCadence(String)
    case nonPositiveCadence(String)
    case cadenceTooLong(String)
    case invalidWhen(String)
    case whenInFuture(String)
    case whenOutOfRange(String)
    case invalidKind(String, accepted: [String])
    case emptyName
    case invisibleName(String)
    case nameLooksLikeID(String)
    case controlCharacters(field: String)
    case tooLong(field: String, limit: Int)
    case tooMany(field: String, limit: Int)
    case personNotFound(String)
    case ambiguousName(String, candidates: [String], total: Int)
    case invalidPromptLine(Int)
    case invalidBirthday(String)
    case birthdayInFuture(String)
    case invalidDuration(String)
    case invalidPlanTime(String)
    case planInPast(String)
    case planTooFar(String)
    case planTimeSkipped(String, zone: String, instead: String)
    case planTooLong(String)
    case unknownZone(String, zone: String)
    case invalidImportantDate(String)
    case invalidDate(String)
    case dateInFuture(String)
    case invalidRelation(String)
    case relatedToSelf(String)
    case unknownTimeZone(String)
    case invalidFeed(String)

    public var description: String {
        switch self {
        case .invalidCadence(let text):
            "\(Self.quote(text)) is not a cadence: use a number and a unit, like 2h, 3d, 2w, 1m, 3m, 1y or '3 weeks' (at most 10 years)."
        case .nonPositiveCadence(let text):
            "\(Self.quote(text)) is not a cadence: a cadence or duration is a positive number and a unit, like 3d or 2w."
        case .cadenceTooLong(let text):
            "\(Self.quote(text)) is longer than 10 years: use a shorter cadence or duration, like 1y."
        case .invalidWhen(let text):
            "\(Self.quote(text)) is not a time: use 2026-11-28, '2026-11-28 14:30', today, yesterday, '3 days ago' or a weekday name like friday."
        case .whenInFuture(let text):
            "\(Self.quote(text)) is in the future: log what already happened (use a past date or leave --at out for now)."
        case .whenOutOfRange(let text):
            "\(Self.quote(text)) is before \(WhenParser.earliest): --at takes times from \(WhenParser.earliest) up to now."
        case .invalidKind(let text, let accepted):
            "\(Self.quote(text)) is not an interaction kind: use one of \(accepted.joined(separator: ", ")) (your own go in [kinds] extra of the config)."
        case .emptyName:
            "A person needs a name: give at least one non-blank word."
        case .invisibleName(let text):
            "The name \(Self.quote(text)) has no visible characters: type a name people can read."
        case .nameLooksLikeID(let text):
            "\(Self.quote(text)) looks like an id (connectctl reads it as #\(text.filter(\.isNumber))): give a name with letters, like 'Room \(text.filter(\.isNumber))'."
        case .controlCharacters(let field):
            "The \(field) contains control characters (such as terminal escapes): remove them and try again."
        case .tooLong(let field, let limit):
            "The \(field) is longer than \(limit) characters: shorten it."
        case .tooMany(let field, let limit):
            "A person keeps at most \(limit) \(field): leave some out."
        case .personNotFound(let query):
            "Nobody matches \(Self.quote(query)): check the spelling, or run 'connectctl ls' to see everyone."
        case .invalidDuration(let text):
            "\(Self.quote(text)) is not a duration: use a positive number and a unit, like 30min, 2h, 3d, 1w or 1m."
        case .invalidPlanTime(let text):
            "\(Self.quote(text)) is not a time to plan for: use 'fri 12:30', friday, 'tomorrow 19:00', 18:00, 'in 3 days' or '2026-12-11 12:30' (a day alone means noon)."
        case .planInPast(let text):
            "\(Self.quote(text)) has passed: plan for a time ahead, or log what happened with 'connectctl log PERSON KIND --at \"…\"'."
        case .planTooFar(let text):
            "\(Self.quote(text)) is more than two years ahead: plan for a nearer time (check the year)."
        case .planTimeSkipped(let text, let zone, let instead):
            "\(Self.quote(text)) does not exist in \(zone): the clocks skip that hour that day. Plan for \(instead.dropLast(3)) instead."
        case .invalidImportantDate(let text):
            "\(Self.quote(text)) is not a date with a label: use LABEL:DATE, like 'joined Plaid:2024-03-01' or 'anniversary:--06-12'."
        case .invalidDate(let text):
            "\(Self.quote(text)) is not a date: use 2024-03-01, or --03-01 when you do not know the year."
        case .dateInFuture(let text):
            "The date \(Self.quote(text)) is in the future: give the year it happened, or leave the year out (--MM-DD)."
        case .invalidRelation(let text):
            "\(Self.quote(text)) is not a relationship: use NAME:TYPE, like 'Byron:child' or 'Grace Hopper:friend'."
        case .relatedToSelf(let name):
            "\(Self.quote(name)) cannot be related to themselves: name someone else."
        case .invalidFeed(let text):
            "\(Self.quote(text)) is not a feed address: give an http:// or https:// address like https://ada.example.org/atom.xml (without a password in it)."
        case .unknownTimeZone(let text):
            "\(Self.quote(text)) is not a time zone this machine knows: use a name like Asia/Tokyo, Europe/Lisbon or a city like Tokyo."
        case .unknownZone(let text, let zone):
            "\(Self.quote(text)) names the time zone \(Self.quote(zone)), which this machine does not know: use a name like Asia/Tokyo or Europe/Lisbon."
        case .planTooLong(let text):
            "\(Self.quote(text)) is longer than a catch-up: --for takes up to 14 days, like 1h, 90min or 2d."
        case .invalidBirthday(let text):
            "\(Self.quote(text)) is not a birthday: use 1990-05-17, or --05-17 when you do not know the year."
        case .birthdayInFuture(let text):
            "The birthday \(Self.quote(text)) is in the future: give the year they were born, or leave the year out (--MM-DD)."
        case .invalidPromptLine(let line):
            "Prompt library line \(line) is not 'id | text' (or repeats an id): fix that line."
        case .ambiguousName(let query, let candidates, let total):
            "\(Self.quote(query)) matches \(total) people (\(candidates.joined(separator: ", "))\(total > candidates.count ? ", …" : "")): type more of the name, or use the id."
        }
    }

    /// A user's text inside a message: quoted, control characters escaped, at most 60 characters,
    /// so that no input can flood a message or a terminal.
    public static func quote(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < 60 else {
                result += "…"
                break
            }
            if scalar.properties.generalCategory == .control || TextRules.isBidiControl(scalar) {
                result += scalar == "\u{1B}" ? "\\e" : "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return "'" + result + "'"
    }
}
