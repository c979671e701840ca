/// The monotonic clock as a value the daemon's parts are given, like the wall clock: connection
/// time-outs, turn budgets and step budgets read it, so tests move it instead of sleeping.
public struct MonotonicClock: Sendable {
    /// Seconds since an arbitrary start; never goes back.
    public let seconds: @Sendable () -> Double

    public init(_ seconds: @escaping @Sendable () -> Double) { self.seconds = seconds }

    /// CLOCK_MONOTONIC.
    public static let system = MonotonicClock { monotonicSeconds() }
}
