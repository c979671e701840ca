import ConnectJSON

/// "Prepare me for a catch-up with NAME": what you know about them, what you did last, what you
/// promised, from the daemon's ShowPerson reply, as one message for the assistant.
enum CatchUpPrompt {
    static let name = "prepare_catch_up"
    static let description = "Prepare me for a catch-up with a person: their stuff, the last times we connected, open follow-ups."

    static func text(_ reply: JSONValue) -> String {
        let person = reply["person"]
        let name = person?["name"]?.stringValue ?? "them"
        var lines = ["Prepare me for a catch-up with \(name). Suggest what to bring up and one concrete way to connect "
                     + "(a coffee, a call, a message), keeping my promises first.", ""]
        var about: [String] = []
        for (label, key) in [("How we met", "met"), ("Into", "into"), ("Notes", "notes"), ("Organization", "organization"),
                             ("Title", "title"), ("Where I found them", "found"), ("Birthday", "birthday")] {
            if let value = person?[key]?.stringValue, !value.isEmpty { about.append("- \(label): \(value)") }
        }
        if case .array(let tags)? = person?["tags"], !tags.isEmpty {
            about.append("- Tags: " + tags.compactMap(\.stringValue).joined(separator: ", "))
        }
        if let cadence = person?["cadenceText"]?.stringValue { about.append("- Cadence: \(cadence)") }
        lines += ["About \(name):"] + (about.isEmpty ? ["- Nothing written down yet."] : about)
        lines.append("")
        if case .array(let interactions)? = reply["interactions"], !interactions.isEmpty {
            lines.append("Last times (newest first):")
            for interaction in interactions {
                let note = interaction["note"]?.stringValue.map { ": \($0)" } ?? ""
                lines.append("- \(interaction["at"]?.stringValue ?? "?") \(interaction["kind"]?.stringValue ?? "?")\(note)")
            }
        } else {
            lines.append("Last times: none logged yet; this would be the first.")
        }
        lines.append("")
        if case .array(let followUps)? = reply["followUps"], !followUps.isEmpty {
            lines.append("Open follow-ups (what I said I would do):")
            for followUp in followUps {
                let number = if case .integer(let value)? = followUp["number"] { "\(value)" } else { "-" }
                lines.append("\(number). \(followUp["text"]?.stringValue ?? "")")
            }
        } else {
            lines.append("Open follow-ups: none.")
        }
        return lines.joined(separator: "\n")
    }
}
