import ConnectJSON
import ConnectProtocol
import ConnectTime
import Foundation
import XCTest

final class MessageTests: XCTestCase {
    func testCall_missingNullAndEmptyParametersAreAlike() throws {
        for text in [#"{"method":"io.connectd.Due"}"#, #"{"method":"io.connectd.Due","parameters":null}"#,
                     #"{"method":"io.connectd.Due","parameters":{}}"#] {
            let call = try VarlinkCall(message: Array(text.utf8))
            XCTAssertEqual(call.method, "io.connectd.Due")
            XCTAssertTrue([JSONValue.null, .object([:])].contains(call.parameters), text)
        }
    }

    func testCall_refusesWhatIsNotACall() {
        for text in ["[1]", #"{"parameters":{}}"#, #"{"method":5}"#, #"{"method":"a","method":"b"}"#, "{"] {
            XCTAssertThrowsError(try VarlinkCall(message: Array(text.utf8)), text)
        }
    }

    func testReply_roundTrip() throws {
        let bytes = VarlinkReply.success(GetInfoReply(vendor: "v", product: "p", version: "1", url: "u", interfaces: ["i"]))
        XCTAssertEqual(bytes.last, 0)
        guard case .success(let parameters) = try VarlinkReply.read(Array(bytes.dropLast())) else { return XCTFail() }
        XCTAssertEqual(parameters["interfaces"], JSONValue.array([.string("i")]))
        let error = VarlinkReply.failure(.personNotFound("x", "Nobody matches 'x'."))
        guard case .failure(let failure) = try VarlinkReply.read(Array(error.dropLast())) else { return XCTFail() }
        XCTAssertEqual(failure.name, "io.connectd.PersonNotFound")
        XCTAssertEqual(failure.message, "Nobody matches 'x'.")
    }

    func testWireTime_formatsTheOffsetAndParsesBack() throws {
        let local = LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 6)!, secondOfDay: 18 * 3600, fraction: 0.25)
        let text = WireTime.format(local, offsetSeconds: 3600)
        XCTAssertEqual(text, "2026-12-06T18:00:00.250+01:00")
        let parsed = try XCTUnwrap(WireTime.parse(text))
        XCTAssertEqual(parsed.local, local)
        XCTAssertEqual(parsed.secondsSinceEpoch, 1_796_576_400.25)
        XCTAssertEqual(WireTime.format(local, offsetSeconds: -19800), "2026-12-06T18:00:00.250-05:30")
        XCTAssertEqual(WireTime.format(local, offsetSeconds: 0), "2026-12-06T18:00:00.250Z")
        XCTAssertEqual(WireTime.parse("2026-12-06T17:00:00Z")?.secondsSinceEpoch, 1_796_576_400)
        for bad in ["", "2026-13-06T18:00:00Z", "2026-12-06T18:00:00", "2026-12-06T18:00:00+1:00", "2026-12-06T18:00:00.Z"] {
            XCTAssertNil(WireTime.parse(bad), bad)
        }
    }

    func testInterfaceDescription_declaresEveryMethodWeServe() {
        for method in Method.allCases where method.rawValue.hasPrefix(InterfaceDescription.name + ".") {
            let name = method.rawValue.split(separator: ".").last!
            XCTAssertTrue(InterfaceDescription.text.contains("method \(name)("), "\(name) is missing from the IDL")
        }
        let declared = InterfaceDescription.text.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("method ") }.count
        XCTAssertEqual(declared, Method.allCases.filter { $0.rawValue.hasPrefix("io.connectd.") }.count,
                       "the IDL declares a method the daemon does not dispatch")
    }

    func testInterfaceDescription_declaresEveryErrorWeSend() {
        let errors: [VarlinkError] = [
            .personNotFound("x", "m"), .ambiguousName("x", candidates: [], "m"), .personExists("x", id: 1),
            .storageFailed("m"), .malformedMessage("m"), .messageTooLarge(limit: 1), .internalError("m"),
            .noPrompt(nextAt: nil), .connectionRefused("m"),
        ]
        for error in errors {
            let name = error.name.split(separator: ".").last!
            XCTAssertTrue(InterfaceDescription.text.contains("error \(name) ("), "\(error.name) is not declared")
            XCTAssertFalse(error.message.isEmpty)
        }
    }
}
