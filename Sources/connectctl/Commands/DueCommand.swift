import ArgumentParser
import ConnectClient
import ConnectProtocol

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Who is due or overdue for a catch-up, most overdue first.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.due, NoParameters()) { (reply: PeopleReply, time) in
            guard !reply.people.isEmpty else { return "Nobody is due. Nice work." }
            var table = TextTable(header: ["NAME", "OVERDUE BY", "LAST CONTACT", "CADENCE"])
            for person in reply.people {
                let overdue = DisplayTime.parse(person.nextDue).map { DisplayTime.span(time.now.timeIntervalSince($0)) } ?? "-"
                table.add([person.name, overdue == "now" ? "just due" : overdue, PersonText.lastContact(person, time), person.cadenceText])
            }
            return table.render()
        }
    }
}
