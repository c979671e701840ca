import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.AddPerson`: someone new to stay in touch with.
struct AddPersonHandler: MethodHandler {
    static let writes = true

    func handle(_ p: AddPersonParameters, in context: RequestContext) throws -> AddPersonReply {
        var new = People.NewPerson(name: try parameter("name") { () throws(CoreError) in try Person.normalizedName(p.name) })
        new.cadence = try p.every.map { every in try parameter("every") { () throws(CoreError) in try Cadence.parse(every) } }
        new.met = try parameter("met") { () throws(CoreError) in try Person.optionalText(p.met, .met) }
        new.interests = try parameter("into") { () throws(CoreError) in try Person.optionalText(p.into, .into) }
        new.notes = try parameter("notes") { () throws(CoreError) in try Person.optionalText(p.notes, .notes) }
        new.tags = try parameter("tags") { () throws(CoreError) in try Person.normalizedTags(p.tags ?? []) }
        new.links = try parameter("links") { () throws(CoreError) in try Person.normalizedLinks(p.links ?? []) }
        new.emails = try parameter("emails") { () throws(CoreError) in try Person.contactPoints(p.emails ?? [], .email) }
        new.phones = try parameter("phones") { () throws(CoreError) in try Person.contactPoints(p.phones ?? [], .phone) }
        new.organization = try parameter("organization") { () throws(CoreError) in try Person.optionalText(p.organization, .organization) }
        new.title = try parameter("title") { () throws(CoreError) in try Person.optionalText(p.title, .title) }
        new.birthday = try p.birthday.flatMap { text in try parameter("birthday") { () throws(CoreError) in try Person.birthday(text, today: context.workspace.calendar.day(of: context.workspace.now)) } }
        let dates = try PersonFieldParameters.dates(p.dates, anniversary: p.anniversary, today: context.workspace.calendar.day(of: context.workspace.now))
        new.dates = dates.set
        new.related = try PersonFieldParameters.related(p.related)
        new.timeZone = try p.timeZone.flatMap(PersonFieldParameters.timeZone)
        new.feed = try p.feed.flatMap { feed in try parameter("feed") { () throws(CoreError) in try Person.feedURL(feed) } }
        new.wantToMeet = p.wantToMeet ?? false
        new.found = try parameter("found") { () throws(CoreError) in try Person.optionalText(p.found, .met) }
        if new.found != nil, !new.wantToMeet {
            throw ParameterError(name: "found", message: "'found' says where you came across someone you want to meet: add --want-to-meet (or use --met).")
        }
        if new.wantToMeet, p.due != nil {
            throw ParameterError(name: "due", message: "Someone you want to meet gets a first-contact nudge, not a due date: leave out --due.")
        }
        if let due = p.due {
            guard due.lowercased() == "now" else {
                throw ParameterError(name: "due", message: "'due' only takes \"now\" (due at once); leave it out to be due one cadence from today.")
            }
            new.dueNow = true
        }
        let person: PersonView
        do {
            person = try People.add(new, in: context.workspace)
        } catch ServiceError.personExists(let name, let id) where new.wantToMeet {
            throw VarlinkError.personExists(name, id: id, action: "'connectctl edit \(id) --want-to-meet' marks them as someone to meet")
        }
        context.runtime.log.info("Added \(person.person.name) (#\(person.person.id)), \(person.person.cadence?.phrase ?? "not scheduled").")
        if new.feed != nil { context.runtime.feeds.changed() }
        return AddPersonReply(person: context.wire.person(person))
    }
}
