import ConnectCore
import Foundation

/// What happened in a simulation, kept so that it can be written into a state directory and
/// looked at with the real client (`connectd simulate --write-state DIR`, then `connectctl stats`).
public struct SimulationHistory: Sendable {
    /// Everyone as they were at the start (cadence, when added, a spread due date if imported).
    public var people: [ScheduleEntry] = []
    /// Each contact the simulated user made, in order.
    public var contacts: [(personID: Int64, at: Date)] = []
    /// Each weekly prompt delivered, and whether the simulated user answered it.
    public var prompts: [(delivery: PromptDelivery, at: Date, answered: Bool)] = []

    public init() {}
}
