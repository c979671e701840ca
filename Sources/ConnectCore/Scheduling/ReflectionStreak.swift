import Foundation

/// Weeks in a row with an answered reflection prompt, counted back from the latest prompt. The
/// latest one, while younger than a week and unanswered, does not break the streak yet.
public enum ReflectionStreak {
    /// `deliveries` newest first: each prompt's slot and whether it has an answer.
    public static func weeks(_ deliveries: [(slot: Date, answered: Bool)], now: Date) -> Int {
        var streak = 0
        for (index, delivery) in deliveries.enumerated() {
            if delivery.answered {
                streak += 1
            } else if index == 0, now.timeIntervalSince(delivery.slot) < 7 * 86400 {
                continue
            } else {
                break
            }
        }
        return streak
    }
}
