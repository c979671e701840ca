/// What a simulation measured. Every count comes from the deliveries the real scheduler made.
public struct SimulationReport: Codable, Equatable, Sendable {
    public var people: Int
    public var days: Int
    public var budget: Int
    public var timeZone: String
    public var nudgesDelivered: Int
    public var maxNudgesPerDay: Int
    public var nudgesOutsideActiveHours: Int
    public var nudgesOnQuietDays: Int
    public var duplicateNudges: Int
    public var lateNudges: Int
    public var promptsDelivered: Int
    public var promptsExpected: Int
    public var duplicatePrompts: Int
    public var latePrompts: Int
    /// People who waited more than 1.5 × their cadence between becoming due and a nudge or contact.
    public var peopleWaitingOver150Percent: Int
    public var nudgesInFirstDayAfterDowntime: Int?
    /// With a pause: nudges and prompts while it lasted (none, if it works), nudges on its first
    /// day after and on the busiest of the 14 days after it.
    public var nudgesDuringPause: Int?
    public var promptsDuringPause: Int?
    public var nudgesInFirstDayAfterPause: Int?
    public var busiestDayAfterPause: Int?
    /// The most people first due on one day (an import without a spread makes them all one day).
    public var busiestDueDay: Int = 0
    public var plannerRuns: Int
}
