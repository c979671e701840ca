import ConnectJSON

/// A reply the daemon writes: the everyday ones by hand (a request's reply costs a few thousand
/// instructions instead of tens of thousands through Codable's generic containers), the rest
/// through their Codable conformance. `WireReadable` reads the same fields back.
public protocol WireWritable: Encodable {
    func write(to writer: inout JSONWriter)
}

extension WireWritable {
    public func write(to writer: inout JSONWriter) {
        writer.rawJSON((try? JSONEncoding.encode(self)) ?? Array("{}".utf8))
    }
}

extension JSONWriter {
    /// A member that is a list of written values.
    mutating func list<T: WireWritable>(_ key: String, _ items: [T]) {
        openList(key)
        for item in items { item.write(to: &self) }
        closeList()
    }
}

extension ContactPointInfo: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.member("value", value)
        w.member("types", types)
        w.member("label", label)
        w.closeObject()
    }
}

extension PersonInfo: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.member("id", id)
        w.member("uid", uid)
        w.member("name", name)
        w.member("cadence", cadence)
        w.member("cadenceText", cadenceText)
        w.member("met", met)
        w.member("into", into)
        w.member("notes", notes)
        w.member("tags", tags)
        w.member("links", links)
        w.openList("emails")
        for email in emails { email.write(to: &w) }
        w.closeList()
        w.openList("phones")
        for phone in phones { phone.write(to: &w) }
        w.closeList()
        w.member("organization", organization)
        w.member("title", title)
        w.member("birthday", birthday)
        w.member("ignored", ignored)
        w.member("news", news)
        w.member("addedAt", addedAt)
        w.member("lastContact", lastContact)
        w.member("lastKind", lastKind)
        w.member("nextDue", nextDue)
        w.member("overdueRatio", overdueRatio)
        w.member("due", due)
        w.member("wantToMeet", wantToMeet)
        w.member("found", found)
        w.closeObject()
    }
}

extension InteractionInfo: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.member("id", id)
        w.member("personId", personId)
        w.member("personName", personName)
        w.member("kind", kind)
        w.member("at", at)
        w.member("note", note)
        w.closeObject()
    }
}

extension PersonReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.key("person")
        person.write(to: &w)
        w.closeObject()
    }
}

extension PeopleReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.openList("people")
        for person in people { person.write(to: &w) }
        w.closeList()
        w.closeObject()
    }
}

extension DueReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.openList("people")
        for person in people { person.write(to: &w) }
        w.closeList()
        w.member("total", total)
        w.member("catchUpsPerDay", catchUpsPerDay)
        w.member("dailyBudget", dailyBudget)
        w.openList("birthdays")
        for birthday in birthdays {
            w.openObject()
            w.member("personId", birthday.personId)
            w.member("name", birthday.name)
            w.member("date", birthday.date)
            if let age = birthday.age { w.member("age", age) }
            w.closeObject()
        }
        w.closeList()
        w.closeObject()
    }
}

extension EditPersonReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.key("person")
        person.write(to: &w)
        w.member("changed", changed)
        w.member("dropped", dropped)
        w.closeObject()
    }
}

extension ShowPersonReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.key("person")
        person.write(to: &w)
        w.openList("interactions")
        for interaction in interactions { interaction.write(to: &w) }
        w.closeList()
        w.list("followUps", followUps)
        w.closeObject()
    }
}

extension FollowUpInfo: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.member("number", number)
        w.member("personId", personId)
        w.member("personName", personName)
        w.member("text", text)
        w.member("createdAt", createdAt)
        w.closeObject()
    }
}

extension HistoryReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.openList("interactions")
        for interaction in interactions { interaction.write(to: &w) }
        w.closeList()
        w.closeObject()
    }
}

extension LogInteractionReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.key("interaction")
        interaction.write(to: &w)
        w.key("person")
        person.write(to: &w)
        w.list("followUps", followUps)
        w.member("closedFollowUps", closedFollowUps)
        w.closeObject()
    }
}

extension DoneReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.key("interaction")
        interaction.write(to: &w)
        w.key("person")
        person.write(to: &w)
        w.member("closedNudges", closedNudges)
        w.list("followUps", followUps)
        w.member("closedFollowUps", closedFollowUps)
        w.closeObject()
    }
}

extension PostponeReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.key("person")
        person.write(to: &w)
        w.member("until", until)
        w.member("closedNudges", closedNudges)
        w.member("changed", changed)
        w.closeObject()
    }
}

extension StatusReply: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.member("version", version)
        w.member("pid", pid)
        w.member("startedAt", startedAt)
        w.member("uptimeSeconds", uptimeSeconds)
        w.member("stateDirectory", stateDirectory)
        w.member("database", database)
        w.member("socket", socket)
        w.member("timeZone", timeZone)
        w.member("people", people)
        w.member("interactions", interactions)
        w.member("due", due)
        w.member("openNudges", openNudges)
        w.member("nextNudge", nextNudge)
        w.member("nextPrompt", nextPrompt)
        w.member("streak", streak)
        w.member("untriaged", untriaged)
        w.member("catchUpsPerDay", catchUpsPerDay)
        w.member("dailyBudget", dailyBudget)
        w.member("vdir", vdir)
        w.member("machine", machine)
        w.member("configProblem", configProblem)
        w.member("syncProblem", syncProblem)
        w.closeObject()
    }
}

extension ServiceInfo: WireWritable {
    public func write(to w: inout JSONWriter) {
        w.openObject()
        w.member("vendor", vendor)
        w.member("product", product)
        w.member("version", version)
        w.member("url", url)
        w.member("interfaces", interfaces)
        w.closeObject()
    }
}

extension NudgesReply: WireWritable {}
extension TriageReply: WireWritable {}
extension TrashReply: WireWritable {}
extension SetCadenceReply: WireWritable {}
extension ImportUploadReply: WireWritable {}
extension ImportReply: WireWritable {}
extension ListImportsReply: WireWritable {}
extension UndoImportReply: WireWritable {}
extension MergePeopleReply: WireWritable {}
extension ExportReply: WireWritable {}
extension PromptReply: WireWritable {}
extension ReflectReply: WireWritable {}
extension ReflectionsReply: WireWritable {}
extension NotifyTestReply: WireWritable {}
extension InterfaceDescriptionReply: WireWritable {}
extension FollowUpsReply: WireWritable {}
extension WeekReply: WireWritable {}
extension StatsReply: WireWritable {}
