import ConnectClient
import ConnectProtocol

/// The human text of each read command's reply: shared by the quick path and ArgumentParser's
/// commands, so both print the same.
enum ReadViews {
    static func status(_ reply: StatusReply, _ time: DisplayTime) -> String {
        var table = TextTable(header: ["connectd", reply.version])
        table.add(["pid", String(reply.pid)])
        table.add(["uptime", reply.uptimeSeconds < 1 ? "0s" : DisplayTime.span(Double(reply.uptimeSeconds))])
        table.add(["state", reply.database])
        table.add(["socket", reply.socket])
        table.add(["time zone", reply.timeZone])
        table.add(["people", String(reply.people)])
        table.add(["interactions", String(reply.interactions)])
        table.add(["due now", String(reply.due)])
        table.add(["open nudges", String(reply.openNudges)])
        table.add(["next nudge", reply.nextNudge.map { "\(time.local($0)) (\(time.relative($0)))" } ?? "none planned"])
        table.add(["next prompt", reply.nextPrompt.map { "\(time.local($0)) (\(time.relative($0)))" } ?? "off"])
        table.add(["streak", "\(reply.streak) week\(reply.streak == 1 ? "" : "s") of reflection in a row"])
        if let until = reply.pausedUntil {
            table.add(["paused", "until \(time.local(until))" + (reply.pauseReason.map { " (\(TerminalText.safe($0)))" } ?? "") + " (connectctl pause --off)"])
        }
        if reply.untriaged > 0 { table.add(["to triage", "\(reply.untriaged) (connectctl triage)"]) }
        if reply.openProposals > 0 {
            table.add(["proposals", "\(reply.openProposals >= 1000 ? "1000 or more" : String(reply.openProposals)) found in what you sent (connectctl proposals)"])
        }
        if let vdir = reply.vdir { table.add(["vdir mirror", "\(TerminalText.safe(vdir)) (this machine: \(TerminalText.safe(reply.machine ?? "?")))"]) }
        var text = table.render()
        if let problem = reply.configProblem {
            text += "\n\nThe config was NOT reloaded, the earlier settings apply: \(TerminalText.safe(problem))\n"
                + "Fix the file, then reload: systemctl --user reload connectd (or kill -HUP the daemon)."
        }
        if let problem = reply.syncProblem {
            text += "\n\n\(TerminalText.safe(problem)). connectd runs it again with the next nudge it claims."
        }
        if let capacity = capacity(catchUpsPerDay: reply.catchUpsPerDay, budget: reply.dailyBudget, people: reply.people - reply.untriaged) {
            text += "\n\n" + capacity
        }
        return text
    }

    /// Said when the cadences ask more of the daily budget than it gives; nil when it is enough.
    static func capacity(catchUpsPerDay: Double, budget: Int, people: Int?) -> String? {
        guard catchUpsPerDay > Double(budget) + 0.005 else { return nil }
        let need = (catchUpsPerDay * 10).rounded() / 10
        let who = people.map { "Your \($0) \($0 == 1 ? "person needs" : "people need")" } ?? "Your cadences need"
        guard budget > 0 else {
            return "\(who) about \(need) catch-ups a day, but nudges are off (nudges.daily_budget = 0)."
        }
        let wait = (catchUpsPerDay / Double(budget) * 10).rounded() / 10
        return "\(who) about \(need) catch-ups a day; the budget is \(budget), so each would wait about \(wait)× "
            + "their cadence. Raise nudges.daily_budget or lengthen some cadences."
    }

    static func due(_ reply: DueReply, _ time: DisplayTime) -> String {
        var text = "Nobody is due. Nice work."
        if !reply.people.isEmpty {
            var table = TextTable(header: ["NAME", "OVERDUE BY", "LAST CONTACT", "CADENCE"])
            for person in reply.people {
                // The order is the ratio (time since contact over the cadence): shown, so the list
                // reads in order (someone due by a date you set, before a cadence ran out, has none).
                let ratio = person.overdueRatio >= 1.05 ? " (\(oneDecimal(person.overdueRatio))× cadence)" : ""
                // Where it is night for them now, a call can wait for their morning.
                let night = person.night ? " (night there: \(PersonText.clock(person.localTime ?? "")))" : ""
                table.add([person.name + night, PersonText.overdue(person, time) + ratio, PersonText.lastContact(person, time), person.cadenceText])
            }
            text = table.render()
            if reply.total > reply.people.count { text += "\n… and \(reply.total - reply.people.count) more (--limit)." }
        }
        if !reply.planned.isEmpty {
            text += "\n\nPlanned (their nudges wait):\n" + reply.planned.map { "  " + plan($0, time, withPerson: true) }.joined(separator: "\n")
        }
        if !reply.birthdays.isEmpty {
            let heading = reply.birthdays.contains { $0.label != nil } ? "Birthdays and dates this week: " : "Birthdays this week: "
            text += "\n\n" + heading + reply.birthdays.map { day in
                let years = day.age.map { day.label == nil ? ", turns \($0)" : ", \($0) \($0 == 1 ? "year" : "years")" } ?? ""
                return TerminalText.safe(day.name) + (day.label.map { " — " + TerminalText.safe($0) } ?? "") + " (\(time.localDay(day.date))\(years))"
            }.joined(separator: ", ")
        }
        if let capacity = capacity(catchUpsPerDay: reply.catchUpsPerDay, budget: reply.dailyBudget, people: nil) {
            text += "\n\n" + capacity
        }
        return text
    }

    static func list(_ reply: ListPeopleReply, filter: ReadRequest.ListFilter, _ time: DisplayTime) -> String {
        guard !reply.people.isEmpty else {
            guard filter != ReadRequest.ListFilter() else { return "Nobody yet. Add someone: connectctl add \"Ada Lovelace\" --every 3w" }
            if let tag = filter.tag, filter == ReadRequest.ListFilter(tag: tag) { return "Nobody is tagged '\(TerminalText.safe(tag))'." }
            return "Nobody matches these filters."
        }
        var table = TextTable(header: ["ID", "NAME", "CADENCE", "LAST CONTACT", "NEXT", "TAGS"])
        for person in reply.people {
            table.add([String(person.id), person.name, person.ignored ? "ignored" : person.cadence ?? "-", PersonText.lastContact(person, time),
                       PersonText.dueText(person, time), person.tags.joined(separator: ",")])
        }
        let more = reply.total - reply.people.count
        return table.render() + (more > 0 ? "\n… and \(more) more (--limit)." : "")
    }

    static func show(_ reply: ShowPersonReply, _ time: DisplayTime) -> String {
        var text = PersonText.card(reply.person, time)
        if !reply.followUps.isEmpty {
            text += "\n\nFollow-ups (close with: connectctl log \(reply.person.id) KIND --closes N):\n"
                + reply.followUps.map { "  \($0.number). \(TerminalText.safe($0.text)) (since \(time.local($0.createdAt)))" }.joined(separator: "\n")
        }
        if !reply.plans.isEmpty {
            text += "\n\nPlanned:\n" + reply.plans.map { "  " + plan($0, time, withPerson: false) }.joined(separator: "\n")
        }
        if !reply.published.isEmpty {
            text += "\n\nPublished:\n" + reply.published.map { item in
                "  " + TerminalText.safe(item.title) + (item.published.map { " (\(time.localDay(String($0.prefix(10)))))" } ?? "")
                    + (item.link.map { " " + TerminalText.safe($0) } ?? "")
            }.joined(separator: "\n")
        }
        if !reply.interactions.isEmpty {
            text += "\n\nRecent:\n" + history(reply.interactions, time, withPerson: false)
        }
        return text
    }

    /// "#3 lunch with Ada Lovelace, Fri 11 Dec 12:30 at Café Central — bring the book", and for
    /// one that is over, how to answer.
    static func plan(_ plan: PlannedCatchUpInfo, _ time: DisplayTime, withPerson: Bool) -> String {
        var line = "#\(plan.id) \(plan.kind)" + (withPerson ? " with \(TerminalText.safe(plan.person))" : "") + ", \(time.local(plan.startsAt))"
        if let place = plan.place { line += " at \(TerminalText.safe(place))" }
        if let note = plan.note { line += " — \(TerminalText.safe(note))" }
        if plan.asked { line += " (over: connectctl happened \(plan.id), or cancel \(plan.id))" }
        return line
    }

    static func history(_ reply: HistoryReply, withPerson: Bool, _ time: DisplayTime) -> String {
        reply.interactions.isEmpty ? "No interactions logged yet." : history(reply.interactions, time, withPerson: withPerson)
    }

    static func history(_ interactions: [InteractionInfo], _ time: DisplayTime, withPerson: Bool) -> String {
        var table = TextTable(header: (withPerson ? ["WHEN", "WHO"] : ["WHEN"]) + ["KIND", "NOTE"])
        for interaction in interactions {
            // Several people: everyone under WHO; in one person's history, who else was there after the kind.
            let others = (interaction.with ?? []).map(\.name)
            let who = ([interaction.personName] + others).joined(separator: ", ")
            let kind = withPerson || others.isEmpty ? interaction.kind : "\(interaction.kind) with \(PersonText.names(others))"
            table.add([time.local(interaction.at)] + (withPerson ? [who] : []) + [kind, interaction.note ?? ""])
        }
        return table.render()
    }

    static func nudges(_ reply: NudgesReply, _ time: DisplayTime) -> String {
        var sections: [String] = []
        if reply.open.isEmpty {
            sections.append("No open nudges.")
        } else {
            sections.append("Open:\n" + reply.open.map { nudge in
                "  \(TerminalText.safe(nudge.summary)) (since \(time.relative(nudge.deliveredAt))\(nudge.late ? ", late" : "")"
                    + "\(nudge.deliveredOn.map { ", delivered on " + TerminalText.safe($0) } ?? ""))\n    \(TerminalText.safe(nudge.body))"
            }.joined(separator: "\n"))
            sections.append("Act on one: connectctl done NAME [kind] [note] | snooze NAME 3d | skip NAME")
        }
        if !reply.upcoming.isEmpty {
            var table = TextTable(header: ["UP NEXT", "WHEN"])
            for item in reply.upcoming {
                let name = item.kind == "first-contact" ? "\(item.personName) (first contact)" : item.personName
                let when = item.kind == "first-contact" ? "around \(time.local(item.at))" : time.local(item.at)
                table.add([name, "\(when) (\(time.relative(item.at)))"])
            }
            sections.append(table.render())
        }
        return sections.joined(separator: "\n\n")
    }

    static func stats(_ reply: StatsReply, _ time: DisplayTime) -> String {
        var people = "\(reply.people): \(reply.onTrack) on track, \(reply.due) due, \(reply.overdue) overdue (a week or more)"
        if reply.untriaged > 0 { people += ", \(reply.untriaged) to triage" }
        let held = reply.people - reply.onTrack - reply.due - reply.overdue - reply.untriaged
        if held > 0 { people += ", \(held) to meet or ignored" }
        var table = TextTable(header: ["people", people])
        let total = reply.weeks.reduce(0, +)
        table.add(["last \(reply.weeks.count) weeks", "\(sparkline(reply.weeks)) \(reply.weeks.last ?? 0) this week, \(total) in all"])
        if !reply.byKind.isEmpty { table.add(["by kind", reply.byKind.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")]) }
        if !reply.losingTouch.isEmpty {
            table.add(["losing touch", reply.losingTouch.map {
                "\(TerminalText.safe($0.name)) (due since \(time.local($0.dueSince)), \(oneDecimal($0.overdueRatio))× the cadence)"
            }.joined(separator: "; ")])
        }
        table.add(["reflection", "\(reply.streak) week\(reply.streak == 1 ? "" : "s") in a row"])
        return table.render()
    }

    /// "2.4" (no Foundation in the client).
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return "?" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Eight-level Unicode blocks, one per week, scaled to the busiest.
    static func sparkline(_ values: [Int]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: blocks[0], count: values.count) }
        return String(values.map { blocks[min(7, max(0, ($0 * 7 + top / 2) / top))] })
    }

    static func prompt(_ reply: PromptReply, _ time: DisplayTime) -> String {
        var lines: [String] = []
        if let current = reply.current {
            let state = current.answers.isEmpty ? "answer with: connectctl reflect \"...\"" : "answered"
            lines.append("\(TerminalText.safe(current.text))\n  (asked \(time.local(current.deliveredAt)); \(state))")
        } else {
            lines.append("No prompt delivered yet.")
        }
        if let next = reply.nextAt {
            lines.append("Next prompt \(time.local(next))" + (reply.nextText.map { ": " + sentence(TerminalText.safe($0)) } ?? "."))
        }
        return lines.joined(separator: "\n")
    }

    static func reflections(_ reply: ReflectionsReply, _ time: DisplayTime) -> String {
        guard !reply.reflections.isEmpty else { return "No prompts yet." }
        let entries = reply.reflections.map { item in
            (["\(time.local(item.deliveredAt))  \(TerminalText.safe(item.text))"]
                + (item.answers.isEmpty ? ["  (not answered)"] : item.answers.map { "  > \(TerminalText.safe($0.text))" }))
                .joined(separator: "\n")
        }
        return entries.joined(separator: "\n") + "\n\nStreak: \(reply.streak) week\(reply.streak == 1 ? "" : "s") in a row."
    }

    /// Ends with exactly one full stop, unless it ends with its own ? or !.
    static func sentence(_ text: String) -> String {
        guard let last = text.last else { return text }
        return ".?!".contains(last) ? text : text + "."
    }
}
