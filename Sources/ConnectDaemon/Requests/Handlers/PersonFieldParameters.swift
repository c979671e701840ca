import ConnectCore
import ConnectServices
import ConnectTime
import Foundation

/// Dates, relationships and time zones as the wire gives them, read the same way by AddPerson
/// and EditPerson.
enum PersonFieldParameters {
    /// `dates` ("LABEL:DATE"; "LABEL:" removes that label's) and `anniversary` ("" removes it):
    /// the dates to set and the labels to remove.
    static func dates(_ list: [String]?, anniversary: String?, today: CivilDate) throws(ParameterError) -> (set: [ImportantDate], remove: [String]) {
        var set: [ImportantDate] = []
        var remove: [String] = []
        for raw in list ?? [] {
            if raw.hasSuffix(":") {
                let label = try parameter("dates") { () throws(CoreError) in try TextRules.check(String(raw.dropLast()), .label) }
                if !label.isEmpty { remove.append(label) }
                continue
            }
            set.append(try parameter("dates") { () throws(CoreError) in try ImportantDate.parse(raw, today: today) })
        }
        if let anniversary {
            if anniversary.trimmingCharacters(in: .whitespaces).isEmpty {
                remove.append(ImportantDate.anniversary)
            } else {
                set.append(ImportantDate(label: ImportantDate.anniversary, date: try parameter("anniversary") { () throws(CoreError) in
                    try ImportantDate.checkedDate(anniversary.trimmingCharacters(in: .whitespaces), today: today)
                }))
            }
        }
        return (set, remove)
    }

    /// `related` ("NAME:TYPE"), not linked yet (the service links names of people in connectd).
    static func related(_ list: [String]?) throws(ParameterError) -> [Relation] {
        var related: [Relation] = []
        for raw in list ?? [] {
            let (name, type) = try parameter("related") { () throws(CoreError) in try Relation.parse(raw) }
            related.append(Relation(name: name, type: type))
        }
        return related
    }

    /// A zone name or a city as the tz database names it; "" is none.
    static func timeZone(_ text: String) throws(ParameterError) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let name = Zones.name(trimmed) else { throw ParameterError(name: "timeZone", message: CoreError.unknownTimeZone(String(trimmed.prefix(80))).description) }
        return name
    }
}
