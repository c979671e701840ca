import ArgumentParser
import ConnectClient
import ConnectProtocol

/// `circle`: lists circles; `circle NAME --every C [--at-most M]` makes or changes one;
/// `circle NAME --off` removes it.
struct CircleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circle", abstract: "Give everyone with a tag one cadence (a circle), or list the circles.",
        discussion: """
            Everyone tagged NAME without a cadence of their own keeps in touch at the circle's: a nudge may come \
            after --every; past --at-most since the last contact they count as overdue and come first. \
            A person's own cadence wins ('connectctl edit NAME --every circle' goes back to the circle's).
            """)

    @Argument(help: "The circle: a tag, like founders. Without it, the circles are listed.") var name: String?
    @Option(help: "The circle's cadence, like 1m (a nudge may come after it).") var every: String?
    @Option(name: .customLong("at-most"), help: "Longer than --every: past it they count as overdue, like 6w.") var atMost: String?
    @Flag(help: "Remove the circle (its people keep the tag and their own cadences).") var off = false
    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard name != nil || (every == nil && atMost == nil && !off) else {
            throw ValidationError("Name the circle: connectctl circle founders --every 1m")
        }
        if name != nil, !off, every == nil {
            throw ValidationError("Give the circle's cadence (connectctl circle \(name ?? "") --every 1m) or remove it with --off.")
        }
    }

    func run() throws {
        guard let name else {
            try options.call(.listCircles, ListCirclesParameters()) { (reply: ListCirclesReply, _) in
                guard !reply.circles.isEmpty else { return "No circles yet. Make one of a tag: connectctl circle founders --every 1m --at-most 6w" }
                var table = TextTable(header: ["CIRCLE", "EVERY", "AT MOST", "TAGGED", "FOLLOWING"])
                for circle in reply.circles {
                    table.add([circle.name, circle.every, circle.atMost ?? "-", String(circle.members), String(circle.following)])
                }
                return table.render() + "\nFOLLOWING: tagged people without a cadence of their own, who keep in touch at the circle's."
            }
            return
        }
        try options.call(.setCircle, SetCircleParameters(name: name, every: every, atMost: atMost, off: off ? true : nil)) { (reply: SetCircleReply, _) in
            guard let circle = reply.circle else { return "Removed the circle \(name): its people keep the tag and their own cadences." }
            let most = circle.atMost.map { ", overdue after \($0)" } ?? ""
            let others = circle.members - circle.following
            return "Circle \(circle.name): every \(circle.every)\(most); \(circle.following) of \(circle.members) tagged follow it."
                + (others > 0 ? " \(others) keep their own cadence ('connectctl edit --tagged \(circle.name) --every circle' makes them follow it)." : "")
        }
    }
}
