import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.EditPerson`: changes only the fields given; "" clears met, into and notes.
struct EditPersonHandler: MethodHandler {
    static let writes = true

    func handle(_ p: EditPersonParameters, in context: RequestContext) throws -> EditPersonReply {
        var changes = People.Changes()
        changes.name = try p.name.map { name in try parameter("name") { () throws(CoreError) in try Person.normalizedName(name) } }
        if p.every?.lowercased() == "circle" {
            changes.followCircle = true
        } else {
            changes.cadence = try p.every.map { every in try parameter("every") { () throws(CoreError) in try Cadence.parse(every) } }
        }
        if let met = p.met { changes.met = .some(try parameter("met") { () throws(CoreError) in try Person.optionalText(met, .met) }) }
        if let into = p.into { changes.interests = .some(try parameter("into") { () throws(CoreError) in try Person.optionalText(into, .into) }) }
        if let notes = p.notes { changes.notes = .some(try parameter("notes") { () throws(CoreError) in try Person.optionalText(notes, .notes) }) }
        changes.addTags = try parameter("addTags") { () throws(CoreError) in try Person.normalizedTags(p.addTags ?? []) }
        changes.removeTags = try parameter("removeTags") { () throws(CoreError) in try Person.normalizedTags(p.removeTags ?? []) }
        changes.links = try p.links.map { links in try parameter("links") { () throws(CoreError) in try Person.normalizedLinks(links) } }
        changes.emails = try p.emails.map { list in try parameter("emails") { () throws(CoreError) in try Person.contactPoints(list, .email) } }
        changes.phones = try p.phones.map { list in try parameter("phones") { () throws(CoreError) in try Person.contactPoints(list, .phone) } }
        changes.addEmails = try parameter("addEmails") { () throws(CoreError) in try Person.contactPoints(p.addEmails ?? [], .email) }
        changes.addPhones = try parameter("addPhones") { () throws(CoreError) in try Person.contactPoints(p.addPhones ?? [], .phone) }
        changes.removeEmails = p.removeEmails ?? []
        changes.removePhones = p.removePhones ?? []
        changes.wantToMeet = p.wantToMeet
        if let found = p.found { changes.found = .some(try parameter("found") { () throws(CoreError) in try Person.optionalText(found, .met) }) }
        if let organization = p.organization {
            changes.organization = .some(try parameter("organization") { () throws(CoreError) in try Person.optionalText(organization, .organization) })
        }
        if let title = p.title { changes.title = .some(try parameter("title") { () throws(CoreError) in try Person.optionalText(title, .title) }) }
        if let birthday = p.birthday { changes.birthday = .some(try parameter("birthday") { () throws(CoreError) in try Person.birthday(birthday, today: context.workspace.calendar.day(of: context.workspace.now)) }) }
        (changes.setDates, changes.removeDates) = try PersonFieldParameters.dates(p.dates, anniversary: p.anniversary,
                                                                                 today: context.workspace.calendar.day(of: context.workspace.now))
        changes.addRelated = try PersonFieldParameters.related(p.related)
        changes.removeRelated = p.removeRelated ?? []
        if let zone = p.timeZone { changes.timeZone = .some(try PersonFieldParameters.timeZone(zone)) }
        if let feed = p.feed { changes.feed = .some(try parameter("feed") { () throws(CoreError) in try Person.feedURL(feed) }) }
        changes.ignored = p.ignored
        switch p.due?.lowercased() {
        case nil: break
        case "now": changes.due = .now
        case "cadence": changes.due = .cadence
        default:
            throw ParameterError(name: "due", message: "'due' takes \"now\" (due at once) or \"cadence\" (back on their cadence: a snooze or skip undone).")
        }
        let edited = try People.edit(try context.person(p.person), changes, in: context.workspace)
        if edited.changedFields.contains("feed") { context.runtime.feeds.changed() }
        return EditPersonReply(person: context.wire.person(edited.person), changed: edited.changedFields, dropped: edited.dropped)
    }
}
