import ConnectCore
@testable import ConnectDaemon
import ConnectJSON
import Foundation
import XCTest

/// `pause`: no nudge and no prompt until the day's active hours begin; then whoever became due
/// comes back within the daily budget, over the next days; `off` ends it early; bad days are
/// refused with a sentence.
final class PauseTests: XCTestCase {
    func testNothingGoesOutWhilePaused_thenTheOverdueComeBackWithinTheBudget_overTheNextDays() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00") { $0.rules.dailyBudget = 2 }
        for name in ["Ada", "Grace", "Hedy", "Joan", "Katherine"] {
            d.ok("AddPerson", #"{"name":"\#(name)","every":"1w","due":"now"}"#)
        }
        let paused = d.ok("Pause", #"{"until":"2027-05-14","reason":"holiday"}"#)
        XCTAssertEqual(paused["pausedUntil"]?.stringValue, "2027-05-14T09:00:00.000+02:00", "until the active hours of that day begin")
        XCTAssertEqual(paused["reason"]?.stringValue, "holiday")
        let status = d.ok("Status")
        XCTAssertEqual(status["pausedUntil"]?.stringValue, "2027-05-14T09:00:00.000+02:00")
        XCTAssertEqual(status["pauseReason"]?.stringValue, "holiday")
        XCTAssertEqual(status["nextNudge"]?.stringValue, "2027-05-14T09:00:00.000+02:00", "nothing before the pause ends")

        var perDay: [String: Int] = [:]
        var prompts: [String] = []
        var day = 4
        while day <= 17 {
            for hour in [0, 9, 12, 15, 19] {
                d.setClock(String(format: "2027-05-%02d %02d:00", day, hour))
                let before = d.channel.events.count
                d.replan()
                for event in d.channel.events[before...] where event.kind == .nudge {
                    perDay[String(format: "%02d", day), default: 0] += 1
                    XCTAssertGreaterThanOrEqual(hour, 9, "never in the night: \(event.summary)")
                }
                for event in d.channel.events[before...] where event.kind == .prompt { prompts.append(String(format: "%02d %02d:00", day, hour)) }
            }
            day += 1
        }
        XCTAssertNil(perDay.keys.first { $0 < "14" }, "no nudge while paused: \(perDay)")
        XCTAssertEqual(perDay["14"], 2, "the first day back brings the daily budget, not everyone: \(perDay)")
        XCTAssertEqual(perDay.values.reduce(0, +), 5, "and the rest on the following days: \(perDay)")
        XCTAssertEqual(prompts, ["14 09:00", "16 19:00"],
                       "no prompt while paused; Sunday the 9th's question once, when the pause ends; then Sunday the 16th's as usual")
        XCTAssertNil(d.ok("Status")["pausedUntil"] ?? nil, "the pause is over")
    }

    func testOff_endsThePauseAtOnce() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada","every":"1w","due":"now"}"#)
        d.ok("Pause", #"{"until":"2027-06-01"}"#)
        d.replan()
        XCTAssertFalse(d.channel.events.contains { $0.kind == .nudge })
        XCTAssertEqual(d.wake, d.at("2027-06-01 09:00"), "the alarm is set for the end of the pause")
        let ended = d.ok("Pause", #"{"off":true}"#)
        XCTAssertEqual(ended["ended"]?.stringValue, "2027-06-01T09:00:00.000+02:00")
        d.replan()
        XCTAssertEqual(d.channel.events.filter { $0.kind == .nudge }.count, 1, "nudges come again")
        XCTAssertNil(d.ok("Pause", #"{"off":true}"#)["ended"] ?? nil, "ending no pause says there was none")
        d.ok("Pause", #"{"until":"2027-05-10"}"#)
        d.setClock("2027-05-11 10:00")
        XCTAssertNil(d.ok("Pause")["pausedUntil"] ?? nil, "a pause whose day has come is over")
        XCTAssertNil(d.ok("Pause", #"{"off":true}"#)["ended"] ?? nil, "and ending it says there was none")
    }

    func testBadDays_areRefusedWithASentence_andNothingIsPaused() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        for (until, says) in [("2027-05-04", "is not after today"), ("2027-05-03", "is not after today"),
                              ("2028-06-01", "more than 366 days away"), ("tomorrow", "is not a day: give it as 2027-01-05"),
                              ("2027-02-30", "is not a day")] {
            let error = d.error("Pause", #"{"until":"\#(until)"}"#)
            XCTAssertEqual(error.name, "org.varlink.service.InvalidParameter", until)
            XCTAssertTrue(error.message.contains(says), "\(until): \(error.message)")
        }
        XCTAssertTrue(d.error("Pause", #"{"until":"2027-06-01","off":true}"#).message.contains("not both"))
        let escape = d.error("Pause", #"{"until":"2027-06-01","reason":"holiday\u001b[2J"}"#)
        XCTAssertEqual(escape.name, "org.varlink.service.InvalidParameter")
        XCTAssertTrue(escape.message.contains("pause's reason"), "a terminal escape in the reason is refused: \(escape.message)")
        let long = d.error("Pause", ##"{"until":"2027-06-01","reason":"\##(String(repeating: "x", count: 201))"}"##)
        XCTAssertTrue(long.message.contains("200"), long.message)
        XCTAssertNil(d.ok("Status")["pausedUntil"] ?? nil)
    }

    /// The pause keeps its day: set the active hours (or travel) during it, and it ends when the
    /// new hours begin that day.
    func testAPauseKeepsItsDay_whenTheActiveHoursChange() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("Pause", #"{"until":"2027-05-10"}"#)
        var config = d.runtime.config
        config.rules.activeFrom = TimeOfDay(hour: 11, minute: 30)!
        d.runtime.apply(config)
        XCTAssertEqual(d.ok("Status")["pausedUntil"]?.stringValue, "2027-05-10T11:30:00.000+02:00")
        XCTAssertEqual(d.ok("Pause")["pausedUntil"]?.stringValue, "2027-05-10T11:30:00.000+02:00")
    }

    /// The day the clocks go forward in Berlin: the pause still ends at 09:00 local time.
    func testAPauseEndingOnTheDSTDay_endsAtTheLocalStartOfTheActiveHours() throws {
        let d = try TestDaemon(now: "2027-03-20 10:00")
        XCTAssertEqual(d.ok("Pause", #"{"until":"2027-03-28"}"#)["pausedUntil"]?.stringValue, "2027-03-28T09:00:00.000+02:00")
        XCTAssertEqual(d.ok("Pause", #"{"until":"2027-10-31"}"#)["pausedUntil"]?.stringValue, "2027-10-31T09:00:00.000+01:00")
    }
}
