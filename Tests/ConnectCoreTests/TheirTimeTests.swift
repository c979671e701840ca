import ConnectCore
import ConnectTime
import XCTest

/// Their local time and the hours you are both in your day, across DST changes on either side.
final class TheirTimeTests: XCTestCase {
    let berlin = LocalCalendar(zone: try! TimeZoneDatabase.named("Europe/Berlin"))
    let newYork = LocalCalendar(zone: try! TimeZoneDatabase.named("America/New_York"))
    let tokyo = LocalCalendar(zone: try! TimeZoneDatabase.named("Asia/Tokyo"))

    func at(_ calendar: LocalCalendar, _ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Date {
        calendar.instant(LocalDateTime(date: CivilDate(year: y, month: m, day: d)!, hour: h, minute: min))
    }

    func testNight_from22To07() {
        XCTAssertTrue(TheirTime(calendar: tokyo, now: at(tokyo, 2027, 7, 8, 23, 10)).isNight)
        XCTAssertTrue(TheirTime(calendar: tokyo, now: at(tokyo, 2027, 7, 8, 6, 59)).isNight)
        XCTAssertFalse(TheirTime(calendar: tokyo, now: at(tokyo, 2027, 7, 8, 7, 0)).isNight)
        XCTAssertEqual(TheirTime(calendar: tokyo, now: at(berlin, 2027, 7, 8, 16)).local.hour, 23, "Tokyo is 7 hours ahead of Berlin in summer")
    }

    /// Between 14 and 28 March 2027 New York has moved its clocks and Berlin has not: the gap is
    /// 5 hours instead of 6, and the shared day is an hour longer.
    func testSharedDaytime_betweenTheTwoDaylightSavingChanges() throws {
        let winter = try XCTUnwrap(TheirTime.sharedDaytime(now: at(berlin, 2027, 3, 10, 9), mine: berlin, theirs: newYork))
        XCTAssertEqual(berlin.local(winter.start).hour, 14, "08:00 in New York is 14:00 in Berlin")
        XCTAssertEqual(berlin.local(winter.end).hour, 21)
        let between = try XCTUnwrap(TheirTime.sharedDaytime(now: at(berlin, 2027, 3, 17, 9), mine: berlin, theirs: newYork))
        XCTAssertEqual(berlin.local(between.start).hour, 13, "New York is on summer time a fortnight before Berlin")
        let now = at(berlin, 2027, 3, 17, 15, 30)
        let during = try XCTUnwrap(TheirTime.sharedDaytime(now: now, mine: berlin, theirs: newYork))
        XCTAssertEqual(during.start, now, "already in both days: from now")
    }

    /// Thirteen hours apart, the two days meet only at their edges: your evening, their morning.
    func testSharedDaytime_farZones_meetAtTheEdgesOfTheDay() {
        // Kiritimati is 13 hours ahead of Berlin in winter: its 08:00-10:00 is 19:00-21:00 here.
        let kiritimati = LocalCalendar(zone: try! TimeZoneDatabase.named("Pacific/Kiritimati"))
        let ahead = TheirTime.sharedDaytime(now: at(berlin, 2027, 1, 10, 12), mine: berlin, theirs: kiritimati)
        XCTAssertEqual(ahead.map { [berlin.local($0.start).hour, berlin.local($0.end).hour] }, [19, 21])
        // Honolulu is 11 hours behind: its 08:00-10:00 is 19:00-21:00 here too.
        let honolulu = LocalCalendar(zone: try! TimeZoneDatabase.named("Pacific/Honolulu"))
        let behind = TheirTime.sharedDaytime(now: at(berlin, 2027, 1, 10, 12), mine: berlin, theirs: honolulu)
        XCTAssertEqual(behind.map { [berlin.local($0.start).hour, berlin.local($0.end).hour] }, [19, 21])
    }
}
