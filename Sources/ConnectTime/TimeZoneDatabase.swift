#if canImport(Glibc)
import Glibc
#endif

/// Finds time zone rules on this machine: named zones in the tz database (`$TZDIR` or
/// /usr/share/zoneinfo), the system's zone from `$TZ` or /etc/localtime. The only file reading
/// in ConnectTime; everything else takes the rules as a value.
public enum TimeZoneDatabase {
    /// The rules of an IANA zone name ("Europe/Berlin"), or of a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3").
    public static func named(_ name: String, environment: [String: String] = [:]) throws(TimeZoneError) -> TimeZoneRules {
        let trimmed = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if isSafeName(trimmed), let bytes = read(directory(environment) + "/" + trimmed) {
            return try TimeZoneRules(identifier: trimmed, tzif: bytes)
        }
        if trimmed == "UTC" || trimmed == "Etc/UTC" || trimmed == "GMT" { return TimeZoneRules(identifier: trimmed, offsetSeconds: 0) }
        if trimmed.contains(where: \.isNumber), let rules = TimeZoneRules(posix: trimmed) { return rules }
        throw .unknown(name)
    }

    /// The zone a person means by `text`: a zone name ("Asia/Tokyo", in any case) or a city a
    /// zone is named after ("Tokyo", "new york", "Sao_Paulo"); nil when the tz database has none.
    public static func zoneName(for text: String, environment: [String: String] = [:]) -> String? {
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard !trimmed.isEmpty, trimmed.utf8.count <= 200 else { return nil }
        if isSafeName(trimmed), trimmed.contains("/") || trimmed == "UTC", (try? named(trimmed, environment: environment)) != nil { return trimmed }
        let wanted = trimmed.lowercased().replacingUnderscores
        for table in ["zone1970.tab", "zone.tab"] {
            guard let bytes = read(directory(environment) + "/" + table) else { continue }
            for line in bytes.split(separator: 10) where line.first != UInt8(ascii: "#") {
                let columns = line.split(separator: 9, omittingEmptySubsequences: false)
                guard columns.count >= 3 else { continue }
                let name = String(decoding: columns[2], as: UTF8.self)
                let city = name.split(separator: "/").last.map(String.init) ?? name
                if name.lowercased() == trimmed.lowercased() || city.lowercased().replacingUnderscores == wanted,
                   isSafeName(name), (try? named(name, environment: environment)) != nil {
                    return name
                }
            }
        }
        return nil
    }

    /// The machine's zone: `$TZ` when set, else /etc/localtime (named after its link target), else UTC.
    public static func system(environment: [String: String]) -> TimeZoneRules {
        if let tz = environment["TZ"], !tz.isEmpty, let rules = try? named(tz, environment: environment) { return rules }
        if let bytes = read("/etc/localtime") {
            let name = localtimeName() ?? "localtime"
            if let rules = try? TimeZoneRules(identifier: name, tzif: bytes) { return rules }
        }
        return .utc
    }

    /// "Europe/Berlin" from /etc/localtime's symlink, or Debian's /etc/timezone.
    static func localtimeName() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/etc/localtime", &buffer, buffer.count - 1)
        if length > 0 {
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let marker = Array("zoneinfo/".utf8)
            let bytes = Array(target.utf8)
            if let start = (0...max(0, bytes.count - marker.count)).first(where: { bytes[$0...].starts(with: marker) }), bytes.count >= marker.count {
                return String(decoding: bytes[(start + marker.count)...], as: UTF8.self)
            }
        }
        if let bytes = read("/etc/timezone") {
            let name = String(decoding: bytes.prefix { $0 != 10 && $0 != 13 && $0 != 32 }, as: UTF8.self)
            return isSafeName(name) ? name : nil
        }
        return nil
    }

    static func directory(_ environment: [String: String]) -> String {
        environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
    }

    /// Letters, digits, `_+-.` and `/` between non-empty components, never `.` or `..`: a name
    /// cannot leave the zone directory.
    public static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 200, !name.hasPrefix("/") else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component != "." && component != ".."
                && component.utf8.allSatisfy { byte in
                    (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || "_+-.".utf8.contains(byte)
                }
        }
    }

    /// A regular file's bytes (at most 1 MiB), or nil.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= 1 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }
}

private extension String {
    /// "new_york" as "new york": zone names write spaces as underscores.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
