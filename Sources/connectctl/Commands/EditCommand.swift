import ArgumentParser
import ConnectClient
import ConnectProtocol

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change someone's details; only the options you give change.",
        discussion: """
            Pass an empty string to clear --met, --into, --notes, --org, --title, --birthday, --anniversary or --tz; \
            --date 'LABEL:' removes that date. With --tagged TAG \
            instead of a person, --every gives everyone with that tag the cadence (an edit by tag). Someone who gets \
            their first cadence and was never in touch starts on the least busy day within it.
            """)

    @Argument(help: "Who: an id or the start of any word of the name.", completion: Completions.person) var person: String?
    @Option(help: "Instead of one person: everyone with this tag (with --every only).") var tagged: String?
    @Option(help: "A new name.") var name: String?
    @Option(help: "A new cadence: 3d, 2w, 1m, '3 weeks'.", completion: Completions.cadence) var every: String?
    @Option(help: "How and where you met.") var met: String?
    @Option(help: "What they care about.") var into: String?
    @Option(help: "Free-form notes.") var notes: String?
    @Option(name: .customLong("tag"), help: "Add a tag (repeatable).") var addTags: [String] = []
    @Option(name: .customLong("untag"), help: "Remove a tag (repeatable).") var removeTags: [String] = []
    @Option(name: .customLong("link"), help: "Replace the links with these (repeatable).") var links: [String] = []
    @Option(name: .customLong("email"), help: "Replace all e-mail addresses with these (repeatable).") var emails: [String] = []
    @Option(name: .customLong("add-email"), help: "Add an e-mail address (repeatable).") var addEmails: [String] = []
    @Option(name: .customLong("remove-email"), help: "Remove an e-mail address (repeatable).") var removeEmails: [String] = []
    @Option(name: .customLong("phone"), help: "Replace all phone numbers with these (repeatable).") var phones: [String] = []
    @Option(name: .customLong("add-phone"), help: "Add a phone number (repeatable).") var addPhones: [String] = []
    @Option(name: .customLong("remove-phone"), help: "Remove a phone number (repeatable).") var removePhones: [String] = []
    @Option(name: .customLong("org"), help: "Where they work.") var organization: String?
    @Option(help: "Their role or title.") var title: String?
    @Option(help: "Their birthday: 1990-05-17, or --05-17 without the year.") var birthday: String?
    @Option(help: "Their anniversary: 2015-06-12, or --06-12 without the year.") var anniversary: String?
    @Option(name: .customLong("date"), help: ArgumentHelp("Add or change a date that comes back every year (repeatable): 'joined Plaid:2024-03-01'; 'joined Plaid:' removes it.", valueName: "label:date"))
    var dates: [String] = []
    @Option(name: .customLong("related"), help: ArgumentHelp("Add someone they are related to (repeatable): 'Byron:child', 'Grace Hopper:friend' (someone in connectd is linked).", valueName: "name:type"))
    var related: [String] = []
    @Option(help: "The time zone they live in: Asia/Tokyo, or a city like Tokyo.") var tz: String?
    @Option(help: "Their feed (Atom or RSS); \"\" forgets it.") var feed: String?
    @Option(name: .customLong("remove-related"), help: "Remove the relationships with this name (repeatable).") var removeRelated: [String] = []
    @Flag(help: "Hide them from triage and nudges (they stay in your list).") var ignore = false
    @Flag(help: "Undo --ignore.") var unignore = false
    @Flag(help: "Someone you want to meet and have not met yet: a first-contact nudge comes (a few a week).") var wantToMeet = false
    @Flag(help: "Undo --want-to-meet.") var noWantToMeet = false
    @Option(help: "Where you came across someone you want to meet.") var found: String?
    @Option(help: ArgumentHelp("now: due at once; cadence: back on their cadence (undoes a snooze or skip).", valueName: "now|cadence"))
    var due: String?
    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard (person == nil) != (tagged == nil) else {
            throw ValidationError("Name one person, or give --tagged TAG (with --every) for everyone with a tag.")
        }
        guard !(ignore && unignore) else { throw ValidationError("--ignore and --unignore cannot go together.") }
        guard !(wantToMeet && noWantToMeet) else { throw ValidationError("--want-to-meet and --no-want-to-meet cannot go together.") }
        if tagged != nil {
            guard every != nil else { throw ValidationError("--tagged changes the cadence only: add --every, like --every 1m.") }
        }
    }

    func run() throws {
        if let tagged, let every {
            try options.call(.setCadence, SetCadenceParameters(tag: tagged, every: every)) { (reply: SetCadenceReply, _) in
                reply.changed == 0 ? "Nothing changed: nobody tagged '\(TerminalText.safe(tagged))' needed a new cadence."
                    : every.lowercased() == "circle" ? "\(reply.changed) tagged '\(TerminalText.safe(tagged))' dropped their own cadence and follow the circle's."
                    : "Gave \(reply.changed) \(reply.changed == 1 ? "person" : "people") tagged '\(TerminalText.safe(tagged))' the cadence \(every)."
            }
            return
        }
        var parameters = EditPersonParameters(person: person ?? "")
        parameters.name = name
        parameters.every = every
        parameters.met = met
        parameters.into = into
        parameters.notes = notes
        parameters.addTags = addTags.isEmpty ? nil : addTags
        parameters.removeTags = removeTags.isEmpty ? nil : removeTags
        parameters.links = links.isEmpty ? nil : links
        parameters.emails = emails.isEmpty ? nil : emails
        parameters.phones = phones.isEmpty ? nil : phones
        parameters.addEmails = addEmails.isEmpty ? nil : addEmails
        parameters.removeEmails = removeEmails.isEmpty ? nil : removeEmails
        parameters.addPhones = addPhones.isEmpty ? nil : addPhones
        parameters.removePhones = removePhones.isEmpty ? nil : removePhones
        parameters.wantToMeet = wantToMeet ? true : noWantToMeet ? false : nil
        parameters.found = found
        parameters.organization = organization
        parameters.title = title
        parameters.birthday = birthday
        parameters.anniversary = anniversary
        parameters.dates = dates.isEmpty ? nil : dates
        parameters.related = related.isEmpty ? nil : related
        parameters.removeRelated = removeRelated.isEmpty ? nil : removeRelated
        parameters.timeZone = tz
        parameters.feed = feed
        parameters.ignored = ignore ? true : unignore ? false : nil
        parameters.due = due
        try options.call(.editPerson, parameters) { (reply: EditPersonReply, time) in
            Self.summary(reply) + "\n" + PersonText.card(reply.person, time)
        }
    }

    /// What changed, in words: "Updated cadence, tags.", "No longer ignored.", and what a
    /// replacement of the addresses took away.
    static func summary(_ reply: EditPersonReply) -> String {
        guard !reply.changed.isEmpty else { return "Nothing changed." }
        var sentences: [String] = []
        var fields = reply.changed
        if fields.contains("ignored") {
            fields.removeAll { $0 == "ignored" }
            sentences.append(reply.person.ignored ? "Ignored: never nudged, still in your list."
                             : reply.person.cadence == nil ? "No longer ignored: back in triage." : "No longer ignored: nudged again.")
        }
        if fields.contains("want to meet") {
            fields.removeAll { $0 == "want to meet" }
            sentences.append(reply.person.wantToMeet ? "Someone to meet: a first-contact nudge comes." : "No longer someone to meet.")
        }
        if !fields.isEmpty { sentences.insert("Updated \(fields.joined(separator: ", ")).", at: 0) }
        if !reply.dropped.isEmpty {
            sentences.append("Replaced, so these are gone: \(reply.dropped.map(TerminalText.safe).joined(separator: ", ")) "
                             + "(--add-email and --add-phone add one instead).")
        }
        return sentences.joined(separator: " ")
    }
}
