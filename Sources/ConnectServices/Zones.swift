import ConnectCore
import ConnectTime
import Foundation

/// Time zones as people give them and as their local times need them: the one place that looks
/// them up in this machine's tz database (honouring `$TZDIR`, as the daemon's own zone does).
public enum Zones {
    /// The zone meant by `text` ("Asia/Tokyo", "tokyo", "New York"), or nil when there is none.
    public static func name(_ text: String) -> String? {
        TimeZoneDatabase.zoneName(for: text, environment: ProcessInfo.processInfo.environment)
    }

    /// The calendar of a zone name stored with a person; read once per process (a list of
    /// people in one zone reads its file once).
    public static func calendar(_ name: String) -> LocalCalendar? {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let known = cache.calendars[name] { return known }
        let calendar = (try? TimeZoneDatabase.named(name, environment: ProcessInfo.processInfo.environment)).map(LocalCalendar.init(zone:))
        if cache.calendars.count < 1000 { cache.calendars[name] = calendar }
        return calendar
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var calendars: [String: LocalCalendar?] = [:]
    }

    private static let cache = Cache()
}
