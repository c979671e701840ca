import ConnectServices

/// What a pass over the `[detect]` sources found, for `connectctl detect` and the log.
struct DetectSummary: Equatable {
    var mails = 0
    var outcome = Detecting.Outcome()
    /// Why a source could not be read ("no such file"), if so.
    var problem: String?

    mutating func add(_ found: Detecting.Outcome, mails: Int) {
        self.mails += mails
        outcome.proposed += found.proposed
        outcome.toAdd += found.toAdd
        outcome.logged += found.logged
        outcome.tooMany += found.tooMany
    }

    /// The passes of several sources as one answer; each problem names its source.
    static func combined(_ passes: [(source: String, summary: DetectSummary)]) -> DetectSummary {
        var total = DetectSummary()
        var problems: [String] = []
        for (source, summary) in passes {
            total.add(summary.outcome, mails: summary.mails)
            if let problem = summary.problem { problems.append(passes.count == 1 ? problem : "\(source): \(problem)") }
        }
        total.problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
        return total
    }
}
