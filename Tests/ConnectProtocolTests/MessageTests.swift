import ConnectProtocol
import Foundation
import XCTest

final class MessageTests: XCTestCase {
    func testCall_missingNullAndEmptyParametersAreAlike() throws {
        for text in [#"{"method":"io.connectd.Due"}"#, #"{"method":"io.connectd.Due","parameters":null}"#,
                     #"{"method":"io.connectd.Due","parameters":{}}"#] {
            let call = try JSONDecoder().decode(VarlinkCall.self, from: Data(text.utf8))
            XCTAssertNoThrow(try (call.parameters ?? .null).decode(NoParameters.self), text)
            XCTAssertNoThrow(try (call.parameters ?? .null).decode(ListPeopleParameters.self), text)
        }
    }

    func testTypedDecode_wrongTypeNamesTheParameter() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"name": 42}"#.utf8))
        XCTAssertThrowsError(try value.decode(AddPersonParameters.self)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(context.codingPath.first?.stringValue, "name")
        }
    }

    func testJSONValue_roundTripsIntegersAsIntegers() throws {
        let value = try JSONValue(encoding: PersonQuery(person: "ada", limit: 5))
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        XCTAssertTrue(text.contains(#""limit":5"#), text)
    }

    func testInterfaceDescription_declaresEveryMethodWeServe() {
        for method in Method.allCases where method.rawValue.hasPrefix(InterfaceDescription.name + ".") {
            let name = method.rawValue.split(separator: ".").last!
            XCTAssertTrue(InterfaceDescription.text.contains("method \(name)("), "\(name) is missing from the IDL")
        }
        let declared = InterfaceDescription.text.components(separatedBy: "\n").filter { $0.hasPrefix("method ") }.count
        XCTAssertEqual(declared, Method.allCases.filter { $0.rawValue.hasPrefix("io.connectd.") }.count,
                       "the IDL declares a method the daemon does not dispatch")
    }

    func testInterfaceDescription_declaresEveryErrorWeSend() {
        let errors: [VarlinkError] = [
            .personNotFound("x", "m"), .ambiguousName("x", candidates: [], "m"), .personExists("x", id: 1),
            .storageFailed("m"), .malformedMessage("m"), .messageTooLarge(limit: 1), .internalError("m"),
        ]
        for error in errors {
            let name = error.name.split(separator: ".").last!
            XCTAssertTrue(InterfaceDescription.text.contains("error \(name) ("), "\(error.name) is not declared")
            XCTAssertFalse(error.message.isEmpty)
        }
    }
}
