import ConnectCore
import Foundation

/// What to simulate: a user with `people` contacts over `days` days, answering a share of nudges.
public struct SimulationOptions: Sendable {
    public var people = 150
    public var days = 365
    public var rules = ScheduleRules()
    /// The user's calendar and time zone.
    public var calendar = LocalCalendar.utc
    /// Share of nudges the simulated user acts on the same day (0...1).
    public var respond = 0.7
    /// The daemon is down from this instant for `downtimeDays` days.
    public var downtimeFrom: Date?
    public var downtimeDays = 0
    /// A pause (`connectctl pause`) made at the start of this day for `pauseDays` days.
    public var pauseFrom: Date?
    public var pauseDays = 0
    /// Where the simulated year starts (local midnight of this day).
    public var start: Date
    public var seed: UInt64 = 42
    /// People imported at the start, never contacted, all getting `importCadence` at once.
    public var imported = 0
    public var importCadence = Cadence(count: 1, unit: .month)!
    /// Whether their first due dates are spread over the cadence (as the daemon does) or all
    /// fall one cadence after the import.
    public var spread = true

    public init(start: Date) {
        self.start = start
    }
}
