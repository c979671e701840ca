import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring people in from an address book: vCard (.vcf), LinkedIn's Connections.csv, or an export.",
        discussion: """
            The format is told from the content. People already here are found by UID, e-mail address, profile URL or \
            exact name and updated field by field; what you typed into connectd (cadence, how you met, interests, notes) \
            is kept unless --overwrite. Imported people get no cadence unless --every is given: they wait for \
            'connectctl triage' and are never nudged until then. Each file is one transaction: all of it or none. \
            For 30 days an import can be taken back: --list shows them, --undo ID (or --undo last) undoes one.
            """)

    @Argument(help: "The files to import.", completion: .file()) var files: [String] = []
    @Option(help: ArgumentHelp("Take an import back: the people it added go to the trash, what it changed gets its earlier values.",
                               valueName: "id|last")) var undo: String?
    @Flag(help: "List the imports of the last 30 days (the ones --undo can take back).") var list = false
    @Option(help: "A cadence for everyone imported without one (their first catch-ups are spread over it).") var every: String?
    @Option(name: .customLong("tag"), help: "A tag for everyone imported (repeatable).") var tags: [String] = []
    @Flag(help: "Let the file replace what you typed into connectd (cadence, how you met, interests, notes, the name).") var overwrite = false
    @Flag(help: "Import nothing from a file with any bad record.") var strict = false
    @Flag(help: "Say what would happen and change nothing.") var dryRun = false
    @Flag(help: "List every record, not only the skipped and updated ones.") var verbose = false
    @OptionGroup var options: ClientOptions

    func validate() throws {
        let modes = [!files.isEmpty, undo != nil, list].filter { $0 }.count
        guard modes == 1 else {
            throw ValidationError(modes == 0 ? "Name the files to import (or use --list or --undo ID)."
                                  : "Give either files to import, --list or --undo, one of them.")
        }
    }

    func run() throws {
        if list {
            return try options.call(.listImports, ListImportsParameters()) { (reply: ListImportsReply, time) in Self.listing(reply, time: time) }
        }
        if let undo {
            return try options.call(.undoImport, UndoImportParameters(run: undo)) { (reply: UndoImportReply, time) in Self.undone(reply.run, time: time) }
        }
        var failed = false
        for file in files {
            do {
                try importFile(file)
            } catch let error as ClientError {
                printError("connectctl: \(TerminalText.safe(file)): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func importFile(_ file: String) throws {
        let target = options.target
        let connection = try VarlinkConnection(socketPath: target.socketPath, hint: StartHint.text)
        let upload = try Self.upload(file, through: connection)
        var parameters = ImportParameters(upload: upload, name: String(file.split(separator: "/").last ?? Substring(file)))
        parameters.every = every
        parameters.tags = tags.isEmpty ? nil : tags
        parameters.overwrite = overwrite ? true : nil
        parameters.strict = strict ? true : nil
        parameters.dryRun = dryRun ? true : nil
        let raw = try connection.call(.importFile, parameters)
        if options.json {
            print(JSONWriter.prettyText(raw))
            return
        }
        let reply: ImportReply
        do { reply = try ImportReply(json: raw, path: "reply") } catch { throw ClientError.badReply("\(error)") }
        print(Self.summary(reply, file: file, dryRun: dryRun, verbose: verbose))
    }

    /// Sends the file in chunks; returns the daemon's name for the upload.
    static func upload(_ file: String, through connection: VarlinkConnection) throws -> String {
        let reader = try LocalFile.Reader(path: file)
        var token: String?
        repeat {
            let chunk = try reader.read(upTo: 512 << 10)
            if chunk.isEmpty, token != nil { break }
            let raw = try connection.call(.importUpload, ImportUploadParameters(upload: token, data: Base64.encode(chunk)))
            token = raw["upload"]?.stringValue
            if chunk.isEmpty { break }
        } while true
        guard let token else { throw ClientError.badReply("the daemon gave no upload name") }
        return token
    }

    static func summary(_ reply: ImportReply, file: String, dryRun: Bool, verbose: Bool) -> String {
        let name = TerminalText.safe(file)
        var lines = ["\(dryRun ? "Would import" : "Imported") \(name) (\(reply.format)): \(reply.added) added, \(reply.updated) updated, "
                     + "\(reply.unchanged) unchanged, \(reply.skipped) skipped."]
        for item in reply.items where verbose || item.outcome == "skipped" || item.outcome == "updated" || item.reason != nil {
            var line = "  \(name):\(item.line): "
            line += item.name.isEmpty ? item.outcome : "\(TerminalText.safe(item.name)) — \(item.outcome)"
            if !item.fields.isEmpty { line += " (" + item.fields.joined(separator: ", ") + ")" }
            if let reason = item.reason { line += ": " + TerminalText.safe(reason) }
            lines.append(line)
        }
        if reply.moreItems > 0 { lines.append("  … and \(reply.moreItems) more records, not listed") }
        if let capacity = ReadViews.capacity(catchUpsPerDay: reply.catchUpsPerDay, budget: reply.dailyBudget, people: nil) {
            lines.append(capacity)
        }
        if reply.added > 0, !dryRun { lines.append("People without a cadence are not nudged until you decide: connectctl triage") }
        if let run = reply.run { lines.append("To take this import back within 30 days: connectctl import --undo \(run)") }
        return lines.joined(separator: "\n")
    }

    static func listing(_ reply: ListImportsReply, time: DisplayTime) -> String {
        guard !reply.imports.isEmpty else { return "No imports in the last 30 days." }
        var table = TextTable(header: ["ID", "FILE", "FORMAT", "STARTED", "ADDED", "UPDATED", "STATE"])
        for run in reply.imports {
            let state = run.undoneAt.map { "undone \(time.local($0))" } ?? (run.finishedAt == nil ? "running" : "can be undone")
            table.add([String(run.id), TerminalText.safe(run.name), run.format, time.local(run.startedAt), String(run.added), String(run.updated), state])
        }
        return table.render() + "\nTake one back: connectctl import --undo ID"
    }

    static func undone(_ run: ImportRunInfo, time: DisplayTime) -> String {
        var parts: [String] = []
        if run.added > 0 {
            parts.append((run.added == 1 ? "the person it added is" : "the \(run.added) people it added are")
                         + " in the trash (connectctl trash, restorable for 30 days)")
        }
        if run.updated > 0 {
            parts.append((run.updated == 1 ? "the person it changed has" : "the \(run.updated) people it changed have")
                         + " their earlier values back, except what you changed since")
        }
        if parts.isEmpty { parts.append("what it added (interactions, follow-ups, answers) is gone") }
        return "Undid import \(run.id) (\(TerminalText.safe(run.name)), \(time.local(run.startedAt))): " + parts.joined(separator: "; ") + "."
    }
}
