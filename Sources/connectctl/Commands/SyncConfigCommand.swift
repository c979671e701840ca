import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol
#if canImport(Glibc)
import Glibc
#endif

/// `connectctl sync-config`: a vdirsyncer config that carries connectd's vdir mirror (people,
/// interactions, nudges) through a CardDAV/CalDAV server. The password is fetched by a command
/// of the user's choosing when vdirsyncer runs; connectd never sees or stores it.
struct SyncConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-config",
        abstract: "Print a vdirsyncer config that syncs connectd's vdir mirror through a CardDAV/CalDAV server.",
        discussion: "Save it as ~/.config/vdirsyncer/config, then run 'vdirsyncer discover' once and 'vdirsyncer sync'. The daemon must have [sync] vdir set.")

    @Option(help: ArgumentHelp("The server's base URL, e.g. https://dav.example.org/.", valueName: "url")) var url: String
    @Option(help: ArgumentHelp("Your user name on the server.", valueName: "name")) var user: String
    @Option(name: .customLong("password-command"), parsing: .upToNextOption,
            help: ArgumentHelp("A command that prints the password (default: pass show connectd-dav).", valueName: "command"))
    var passwordCommand: [String] = ["pass", "show", "connectd-dav"]
    @Option(help: ArgumentHelp("The vdir mirror (default: asked from the daemon).", valueName: "path")) var vdir: String?
    @Option(name: .customLong("status-path"), help: ArgumentHelp("Where vdirsyncer keeps its status.", valueName: "path"))
    var statusPath = "~/.local/share/vdirsyncer/status/"

    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw ValidationError("--url must be the server's http:// or https:// address, not '\(url)'.")
        }
        guard !passwordCommand.isEmpty else { throw ValidationError("--password-command needs a command that prints the password.") }
    }

    func run() throws {
        let root: String
        if let vdir {
            root = vdir
        } else {
            let connection = try VarlinkConnection(socketPath: options.target.socketPath, hint: StartHint.text)
            let reply: StatusReply
            do { reply = try StatusReply(json: try connection.call(.status, json: .object([:])), path: "reply") } catch let error as ClientError {
                throw error
            } catch { throw ClientError.badReply("\(error)") }
            guard let configured = reply.vdir else {
                // A refusal, not a usage mistake: said once, without the usage screen.
                throw ClientError.refused(name: "NoMirror", message: "connectd keeps no vdir mirror: set [sync] vdir = \"~/.local/share/connectd/vdir\" "
                                          + "in its config.toml, reload it (systemctl --user reload connectd), then run this again (or pass --vdir).")
            }
            root = configured
        }
        print(Self.config(root: root, url: url, user: user, passwordCommand: passwordCommand, statusPath: statusPath,
                          connectd: Self.connectdPath()))
    }

    /// connectd beside this connectctl, else the one in PATH.
    static func connectdPath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "connectd" }
        let own = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let beside = own.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/connectd"
        return access(beside, X_OK) == 0 ? beside : "connectd"
    }

    static func quoted(_ text: String) -> String {
        String(decoding: JSONWriter.bytes(.string(text)), as: UTF8.self)
    }

    static func config(root: String, url: String, user: String, passwordCommand: [String], statusPath: String, connectd: String) -> String {
        let password = "[\"command\", " + passwordCommand.map(quoted).joined(separator: ", ") + "]"
        func pair(_ name: String, storage: String, extensionName: String, conflict: String, note: String) -> String {
            """

            # \(note)
            [pair connectd_\(name)]
            a = "connectd_\(name)_local"
            b = "connectd_\(name)_remote"
            collections = [["\(name)", "\(name)", "connectd-\(name)"]]
            conflict_resolution = \(conflict)
            implicit = "create"

            [storage connectd_\(name)_local]
            type = "filesystem"
            path = \(quoted(root))
            fileext = "\(extensionName)"

            [storage connectd_\(name)_remote]
            type = "\(storage)"
            url = \(quoted(url))
            username = \(quoted(user))
            password.fetch = \(password)

            """
        }
        return """
            # vdirsyncer config for connectd's vdir mirror (made by connectctl sync-config).
            # Save as ~/.config/vdirsyncer/config, run 'vdirsyncer discover' once, then 'vdirsyncer sync'
            # (by hand, or from the systemd timer in connectd's README). On each machine, put in
            # connectd's config.toml:  [sync] vdir = \(quoted(root)), command = ["vdirsyncer", "sync", "connectd_nudges"]
            [general]
            status_path = \(quoted(statusPath))
            """
            + pair("people", storage: "carddav", extensionName: ".vcf", conflict: "[\"command\", \(quoted(connectd)), \"merge-vcard\"]",
                   note: "People: a person changed on two machines is merged field by field by connectd.")
            + pair("interactions", storage: "caldav", extensionName: ".ics", conflict: "\"a wins\"",
                   note: "Interactions and reflections (VJOURNAL): only ever added, never edited.")
            + pair("nudges", storage: "caldav", extensionName: ".ics", conflict: "\"b wins\"",
                   note: "Nudges (VTODO): the server's copy wins, so the first machine to claim a nudge keeps it.")
            + pair("calendar", storage: "caldav", extensionName: ".ics", conflict: "\"b wins\"",
                   note: "Your catch-ups (VEVENT): plans, the next catch-ups, birthdays, the weekly reflection. The server's copy wins, so a plan moved in a calendar program stays moved.")
    }
}
