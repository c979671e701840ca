import ArgumentParser
import ConnectClient
import ConnectProtocol

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add someone you want to stay in touch with.")

    @Argument(help: "Their name, e.g. \"Ada Lovelace\".") var name: String
    @Option(help: "How often to catch up: 3d, 2w, 6w, 1m, 3m, 1y, '3 weeks' (default from the config).", completion: Completions.cadence) var every: String?
    @Option(help: "\"now\" to make them due at once (default: one cadence from today).") var due: String?
    @Option(help: "How and where you met.") var met: String?
    @Option(help: "What they care about.") var into: String?
    @Option(help: "Free-form notes.") var notes: String?
    @Option(name: .customLong("tag"), help: "A tag (repeatable, or comma-separated).") var tags: [String] = []
    @Option(name: .customLong("link"), help: "A link to their site or profile (repeatable).") var links: [String] = []
    @Option(name: .customLong("email"), help: "An e-mail address (repeatable).") var emails: [String] = []
    @Option(name: .customLong("phone"), help: "A phone number (repeatable).") var phones: [String] = []
    @Option(name: .customLong("org"), help: "Where they work.") var organization: String?
    @Option(help: "Their role or title.") var title: String?
    @Option(help: "Their birthday: 1990-05-17, or --05-17 without the year.") var birthday: String?
    @Option(help: "Their anniversary: 2015-06-12, or --06-12 without the year.") var anniversary: String?
    @Option(name: .customLong("date"), help: ArgumentHelp("Another date that comes back every year (repeatable): 'joined Plaid:2024-03-01'.", valueName: "label:date"))
    var dates: [String] = []
    @Option(name: .customLong("related"), help: ArgumentHelp("Someone they are related to (repeatable): 'Byron:child', 'Grace Hopper:friend' (someone in connectd is linked).", valueName: "name:type"))
    var related: [String] = []
    @Option(help: "The time zone they live in: Asia/Tokyo, or a city like Tokyo.") var tz: String?
    @Option(help: "Their feed (Atom or RSS): the next nudge leads with what they publish.") var feed: String?
    @Flag(name: .customLong("want-to-meet"), help: "Someone you have not contacted yet: a first-contact nudge instead of a cadence, until you log the first interaction.")
    var wantToMeet = false
    @Option(help: "Where you came across them (with --want-to-meet): 'her MomCom Life post on Twitter'.") var found: String?
    @OptionGroup var options: ClientOptions

    func run() throws {
        var parameters = AddPersonParameters(name: name, every: every, met: met, into: into, notes: notes,
                                             tags: tags.isEmpty ? nil : tags, links: links.isEmpty ? nil : links)
        parameters.due = due
        parameters.emails = emails.isEmpty ? nil : emails
        parameters.phones = phones.isEmpty ? nil : phones
        parameters.organization = organization
        parameters.title = title
        parameters.birthday = birthday
        parameters.anniversary = anniversary
        parameters.dates = dates.isEmpty ? nil : dates
        parameters.related = related.isEmpty ? nil : related
        parameters.timeZone = tz
        parameters.feed = feed
        parameters.wantToMeet = wantToMeet ? true : nil
        parameters.found = found
        try options.call(.addPerson, parameters) { (reply: AddPersonReply, time) in
            let due = reply.person.nextDue.map {
                reply.person.wantToMeet ? "; first-contact nudge around \(time.local($0))" : "; first catch-up due \(time.local($0))"
            } ?? ""
            return "Added \(reply.person.name) (#\(reply.person.id)), \(reply.person.cadenceText)\(due)."
        }
    }
}
