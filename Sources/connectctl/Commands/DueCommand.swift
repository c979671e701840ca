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
                table.add([person.name, PersonText.overdue(person, time), PersonText.lastContact(person, time), person.cadenceText])
            }
            return table.render()
        }
    }
}
