import ArgumentParser
import ConnectClient
import ConnectProtocol
import Foundation

/// `calendar --ics`: your catch-ups as an iCalendar file on standard output, for calendar
/// programs that subscribe to a file (`[calendar] file` in the config keeps one current).
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Your catch-ups as a calendar: connectctl calendar --ics > catchups.ics",
        discussion: """
            The weekly reflection, planned catch-ups (with an alarm 30 minutes before), the next catch-ups \
            over 30 days as the planner places them, and birthdays (yearly). For a file connectd keeps \
            current, set [calendar] file = "~/catchups.ics" in connectd's config.
            """)

    @Flag(help: "Write the calendar as iCalendar (RFC 5545) to standard output.") var ics = false
    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard ics else { throw ValidationError("Say the form: connectctl calendar --ics > catchups.ics") }
    }

    func run() throws {
        let connection = try VarlinkConnection(socketPath: options.target.socketPath, hint: StartHint.text)
        var cursor: String?
        repeat {
            let raw = try connection.call(.calendarFeed, CalendarFeedParameters(cursor: cursor))
            let reply: CalendarFeedReply
            do { reply = try CalendarFeedReply(json: raw, path: "reply") } catch { throw ClientError.badReply("\(error)") }
            FileHandle.standardOutput.write(Data(reply.text.utf8))
            cursor = reply.next
        } while cursor != nil
    }
}
