import ConnectJSON

/// A reply type the client reads by hand from a parsed reply: the everyday replies, where the
/// generic Codable machinery would cost a one-shot client more than the rest of its work. Each
/// reads the same fields its Codable conformance writes; a test keeps the two in step.
public protocol WireReadable {
    init(json: JSONValue, path: String) throws(JSONFieldError)
}

extension StatusReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(version: try f.string("version"), pid: try f.int("pid"), startedAt: try f.string("startedAt"),
                  uptimeSeconds: try f.int("uptimeSeconds"), stateDirectory: try f.string("stateDirectory"),
                  database: try f.string("database"), socket: try f.string("socket"), timeZone: try f.string("timeZone"),
                  people: try f.int("people"), interactions: try f.int("interactions"), due: try f.int("due"),
                  openNudges: try f.int("openNudges"), nextNudge: try f.optionalString("nextNudge"),
                  nextPrompt: try f.optionalString("nextPrompt"), streak: try f.int("streak"), untriaged: try f.int("untriaged"),
                  catchUpsPerDay: try f.double("catchUpsPerDay"), dailyBudget: try f.int("dailyBudget"), vdir: try f.optionalString("vdir"),
                  machine: try f.optionalString("machine"), configProblem: try f.optionalString("configProblem"),
                  syncProblem: try f.optionalString("syncProblem"))
    }
}

extension DueReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(people: try f.list("people") { value, path throws(JSONFieldError) in try PersonInfo(json: value, path: path) },
                  total: try f.optional("total") { _, _ throws(JSONFieldError) in try f.int("total") },
                  catchUpsPerDay: try f.double("catchUpsPerDay"), dailyBudget: try f.int("dailyBudget"),
                  birthdays: try f.optional("birthdays") { _, _ throws(JSONFieldError) in
                      try f.list("birthdays") { value, path throws(JSONFieldError) in
                          let b = try JSONFields(value, path: path)
                          return BirthdayInfo(personId: try b.int64("personId"), name: try b.string("name"), date: try b.string("date"),
                                              age: try b.optional("age") { value, _ throws(JSONFieldError) in
                                                  if case .integer(let n) = value { Int(n) } else { nil } } ?? nil)
                      }
                  } ?? [])
    }
}

extension ContactPointInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(value: try f.string("value"), types: try f.strings("types"), label: try f.optionalString("label"))
    }
}

extension PersonInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        let point = { (value: JSONValue, path: String) throws(JSONFieldError) in try ContactPointInfo(json: value, path: path) }
        self.init(id: try f.int64("id"), uid: try f.string("uid"), name: try f.string("name"), cadence: try f.optionalString("cadence"),
                  cadenceText: try f.string("cadenceText"), met: try f.optionalString("met"), into: try f.optionalString("into"),
                  notes: try f.optionalString("notes"), tags: try f.strings("tags"), links: try f.strings("links"),
                  emails: try f.list("emails", point), phones: try f.list("phones", point), organization: try f.optionalString("organization"),
                  title: try f.optionalString("title"), birthday: try f.optionalString("birthday"), ignored: try f.bool("ignored"),
                  news: try f.optionalString("news"), addedAt: try f.string("addedAt"), lastContact: try f.optionalString("lastContact"),
                  lastKind: try f.optionalString("lastKind"), nextDue: try f.optionalString("nextDue"), overdueRatio: try f.double("overdueRatio"),
                  due: try f.bool("due"), wantToMeet: try f.optional("wantToMeet") { value, _ throws(JSONFieldError) in value == .bool(true) } ?? false,
                  found: try f.optionalString("found"))
    }
}

extension PeopleReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        self.init(people: try JSONFields(json, path: path).list("people") { value, path throws(JSONFieldError) in try PersonInfo(json: value, path: path) })
    }
}

extension InteractionInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(id: try f.int64("id"), personId: try f.int64("personId"), personName: try f.string("personName"),
                  kind: try f.string("kind"), at: try f.string("at"), note: try f.optionalString("note"))
    }
}

extension ShowPersonReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(person: try PersonInfo(json: json["person"] ?? .null, path: path + ".person"),
                  interactions: try f.list("interactions") { value, path throws(JSONFieldError) in try InteractionInfo(json: value, path: path) },
                  followUps: try f.optional("followUps") { _, _ throws(JSONFieldError) in
                      try f.list("followUps") { value, path throws(JSONFieldError) in try FollowUpInfo(json: value, path: path) }
                  } ?? [])
    }
}

extension FollowUpInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(number: try f.int("number"), personId: try f.int64("personId"), personName: try f.string("personName"),
                  text: try f.string("text"), createdAt: try f.string("createdAt"))
    }
}

extension HistoryReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        self.init(interactions: try JSONFields(json, path: path).list("interactions") { value, path throws(JSONFieldError) in
            try InteractionInfo(json: value, path: path)
        })
    }
}

extension NudgeInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(id: try f.int64("id"), personId: try f.int64("personId"), personName: try f.string("personName"),
                  dueSince: try f.string("dueSince"), plannedAt: try f.string("plannedAt"), deliveredAt: try f.string("deliveredAt"),
                  late: try f.bool("late"), status: try f.string("status"), closedAt: try f.optionalString("closedAt"),
                  summary: try f.string("summary"), body: try f.string("body"), deliveredOn: try f.optionalString("deliveredOn"))
    }
}

extension UpcomingNudge: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(personId: try f.int64("personId"), personName: try f.string("personName"), at: try f.string("at"), kind: try f.string("kind"))
    }
}

extension NudgesReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(open: try f.list("open") { value, path throws(JSONFieldError) in try NudgeInfo(json: value, path: path) },
                  recent: try f.list("recent") { value, path throws(JSONFieldError) in try NudgeInfo(json: value, path: path) },
                  upcoming: try f.list("upcoming") { value, path throws(JSONFieldError) in try UpcomingNudge(json: value, path: path) })
    }
}

extension AnswerInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(text: try f.string("text"), at: try f.string("at"))
    }
}

extension ReflectionInfo: WireReadable {
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(id: try f.int64("id"), promptId: try f.string("promptId"), text: try f.string("text"), slot: try f.string("slot"),
                  deliveredAt: try f.string("deliveredAt"), late: try f.bool("late"),
                  answers: try f.list("answers") { value, path throws(JSONFieldError) in try AnswerInfo(json: value, path: path) })
    }
}

extension PromptReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(current: try f.optional("current") { value, path throws(JSONFieldError) in try ReflectionInfo(json: value, path: path) },
                  nextText: try f.optionalString("nextText"), nextAt: try f.optionalString("nextAt"))
    }
}

extension ReflectionsReply: WireReadable {
    public init(json: JSONValue, path: String = "reply") throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        self.init(reflections: try f.list("reflections") { value, path throws(JSONFieldError) in try ReflectionInfo(json: value, path: path) },
                  streak: try f.int("streak"))
    }
}
