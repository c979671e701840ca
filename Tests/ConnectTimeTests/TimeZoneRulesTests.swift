import ConnectTime
import Foundation
import XCTest

/// Our TZif reader against Foundation's (ICU's) time zones, at DST edges and far into the future
/// (where the file's POSIX footer rule decides).
final class TimeZoneRulesTests: XCTestCase {
    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
                        "Pacific/Chatham", "Europe/Dublin", "Asia/Tehran", "Pacific/Apia", "America/Havana",
                        "Australia/Lord_Howe", "America/St_Johns", "UTC"]

    func testOffsetsMatchFoundation_1970To2060() throws {
        for name in Self.zones {
            let rules = try TimeZoneDatabase.named(name)
            let foundation = try XCTUnwrap(TimeZone(identifier: name))
            var mismatches: [String] = []
            // Every 5 hours and 17 minutes: crosses every transition's neighbourhood at varying times of day.
            for instant in stride(from: Int64(0), to: Int64(2_840_000_000), by: 5 * 3600 + 17 * 60) {
                let ours = rules.offset(at: instant)
                let theirs = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
                if ours != theirs { mismatches.append("\(instant): \(ours) vs \(theirs)") }
            }
            XCTAssertTrue(mismatches.count <= 2, "\(name): \(mismatches.count) mismatches, first \(mismatches.prefix(3))")
        }
    }

    func testTransitionsExactly_Berlin() throws {
        let berlin = try TimeZoneDatabase.named("Europe/Berlin")
        let spring: Int64 = 1_837_645_200 // 2028-03-26 01:00 UTC
        XCTAssertEqual(berlin.offset(at: spring - 1), 3600)
        XCTAssertEqual(berlin.offset(at: spring), 7200)
        XCTAssertEqual(berlin.abbreviation(at: spring), "CEST")
        XCTAssertEqual(berlin.nextTransition(after: spring - 1000), spring)
        // 2090 is governed by the footer rule "CET-1CEST,M3.5.0,M10.5.0/3".
        let later = try XCTUnwrap(berlin.nextTransition(after: 3_791_000_000))
        XCTAssertEqual(berlin.offset(at: later) - berlin.offset(at: later - 1), 3600)
    }

    func testResolve_gapAndOverlap() throws {
        let berlin = try TimeZoneDatabase.named("Europe/Berlin")
        func local(_ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
            LocalDateTime(date: CivilDate(daysSinceEpoch: day)!, hour: hour, minute: minute).localSeconds
        }
        let springDay = CivilDate(year: 2028, month: 3, day: 26)!.daysSinceEpoch
        XCTAssertEqual(berlin.resolve(local: local(springDay, 2, 30)), .gap(transition: 1_837_645_200))
        XCTAssertEqual(berlin.resolve(local: local(springDay, 3, 0)), .unique(1_837_645_200))
        XCTAssertEqual(berlin.resolve(local: local(springDay, 1, 59)), .unique(1_837_645_200 - 60))
        let fallDay = CivilDate(year: 2028, month: 10, day: 29)!.daysSinceEpoch
        XCTAssertEqual(berlin.resolve(local: local(fallDay, 2, 30)), .ambiguous(first: 1_856_392_200, second: 1_856_395_800))
    }

    func testPosixRules() throws {
        let us = try XCTUnwrap(TimeZoneRules(posix: "EST5EDT,M3.2.0,M11.1.0"))
        XCTAssertEqual(us.offset(at: 1_836_457_200 - 1), -5 * 3600) // 2028-03-12 06:59:59 UTC
        XCTAssertEqual(us.offset(at: 1_836_457_200), -4 * 3600)
        let southern = try XCTUnwrap(TimeZoneRules(posix: "<-03>3<-02>,M10.1.0/0,M2.3.0/0"))
        XCTAssertEqual(southern.offset(at: 1_800_000_000), -2 * 3600, "January is summer in the south")
        XCTAssertEqual(southern.offset(at: 1_815_000_000), -3 * 3600)
        let india = try XCTUnwrap(TimeZoneRules(posix: "IST-5:30"))
        XCTAssertEqual(india.offset(at: 0), 19800)
        XCTAssertEqual(try TimeZoneDatabase.named("CET-1CEST,M3.5.0,M10.5.0/3").offset(at: 1_837_645_200), 7200)
        for bad in ["", "X1", "CET", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.5.0", "CET-200", "CET-1CEST,J0,J365"] {
            XCTAssertNil(TimeZoneRules(posix: bad), bad)
        }
    }

    func testUnknownAndUnsafeNames() {
        for name in ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "Europe/../../etc", ""] {
            XCTAssertThrowsError(try TimeZoneDatabase.named(name), name) { error in
                XCTAssertTrue("\(error)".contains("not a known time zone"), "\(error)")
            }
        }
    }

    /// What a person's zone may be typed as: a name in any case, or a city of the tz database.
    func testZoneNames_citiesAndCase_neverAPathOutside() {
        XCTAssertEqual(TimeZoneDatabase.zoneName(for: "Asia/Tokyo"), "Asia/Tokyo")
        XCTAssertEqual(TimeZoneDatabase.zoneName(for: "asia/tokyo"), "Asia/Tokyo")
        XCTAssertEqual(TimeZoneDatabase.zoneName(for: "tokyo"), "Asia/Tokyo")
        XCTAssertEqual(TimeZoneDatabase.zoneName(for: " New  York "), "America/New_York")
        XCTAssertEqual(TimeZoneDatabase.zoneName(for: "sao_paulo"), "America/Sao_Paulo")
        XCTAssertEqual(TimeZoneDatabase.zoneName(for: "UTC"), "UTC")
        for bad in ["Mars/Olympus", "Atlantis", "../../etc/passwd", "", "Europe/../../etc", String(repeating: "a", count: 300)] {
            XCTAssertNil(TimeZoneDatabase.zoneName(for: bad), bad)
        }
    }

    func testMalformedFilesThrowNeverTrap() throws {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: "/usr/share/zoneinfo/Europe/Berlin")).map { $0 }
        XCTAssertNoThrow(try TimeZoneRules(identifier: "Europe/Berlin", tzif: bytes))
        var random = SystemRandomNumberGenerator()
        for length in stride(from: 0, to: bytes.count, by: 7) {
            _ = try? TimeZoneRules(identifier: "cut", tzif: Array(bytes.prefix(length)))
        }
        for _ in 0..<2000 {
            var damaged = bytes
            for _ in 0..<4 { damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            if let rules = try? TimeZoneRules(identifier: "damaged", tzif: damaged) {
                _ = rules.offset(at: Int64.random(in: -1 << 40...1 << 40, using: &random))
                _ = rules.resolve(local: Int64.random(in: -1 << 40...1 << 40, using: &random))
            }
        }
        XCTAssertThrowsError(try TimeZoneRules(identifier: "empty", tzif: []))
    }
}
