import Foundation
import XCTest

/// Broken clients get the matching Varlink error and never stop the daemon.
final class ProtocolAbuseTests: XCTestCase {
    func testEachKindOfBadMessage_getsItsError() throws {
        let h = try Harness()
        try h.start()
        let cases: [(String, String)] = [
            ("{not json", "io.connectd.MalformedMessage"),
            (#"{"parameters":{}}"#, "io.connectd.MalformedMessage"),
            (#"[1,2,3]"#, "io.connectd.MalformedMessage"),
            (#"{"method":"io.connectd.Nope"}"#, "org.varlink.service.MethodNotFound"),
            (#"{"method":"com.example.Thing"}"#, "org.varlink.service.InterfaceNotFound"),
            (#"{"method":"io.connectd.AddPerson","parameters":{"name":42}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.AddPerson","parameters":{}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.AddPerson","parameters":"Ada"}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.History","parameters":{"limit":-1}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.ShowPerson","parameters":{"person":"ghost"}}"#, "io.connectd.PersonNotFound"),
            (#"{"method":"io.connectd.Snooze","parameters":{"person":"ghost","duration":5}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.Snooze","parameters":{"person":"ghost","duration":"soonish"}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.Done","parameters":{"person":"ghost","kind":"skydiving"}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.Skip","parameters":{}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.Reflect","parameters":{"answer":"   "}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.Reflections","parameters":{"limit":0}}"#, "org.varlink.service.InvalidParameter"),
            (#"{"method":"io.connectd.NotifyTest","parameters":[]}"#, "org.varlink.service.InvalidParameter"),
        ]
        for (message, expected) in cases {
            let client = try RawClient(path: h.socket)
            client.send(message)
            let reply = client.readReply()
            XCTAssertEqual(reply?["error"] as? String, expected, "for \(message): \(String(describing: reply))")
            let parameters = reply?["parameters"] as? [String: Any]
            XCTAssertNotNil(parameters?["message"] as? String, "every error says what to do: \(message)")
        }
        let invalid = try RawClient(path: h.socket)
        invalid.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Ada","every":"often"}}"#)
        XCTAssertEqual((invalid.readReply()?["parameters"] as? [String: Any])?["parameter"] as? String, "every")
    }

    func testValidCallsAfterAnErrorOnTheSameConnection_stillWork() throws {
        let h = try Harness()
        try h.start()
        let client = try RawClient(path: h.socket)
        client.send(#"{"method":"io.connectd.Nope"}"#)
        XCTAssertEqual(client.readReply()?["error"] as? String, "org.varlink.service.MethodNotFound")
        client.send(#"{"method":"io.connectd.Status"}"# + "\0" + #"{"method":"io.connectd.Due","parameters":null}"#)
        XCTAssertNotNil((client.readReply()?["parameters"] as? [String: Any])?["version"])
        XCTAssertNotNil((client.readReply()?["parameters"] as? [String: Any])?["people"])
    }

    func testMissingNUL_thenEOF_getsAnErrorAndClose() throws {
        let h = try Harness()
        try h.start()
        let client = try RawClient(path: h.socket)
        client.send(#"{"method":"io.connectd.Status"}"#, terminate: false)
        client.shutdownWrite()
        XCTAssertEqual(client.readReply()?["error"] as? String, "io.connectd.MalformedMessage")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testOversizedMessage_getsAnErrorAndClose() throws {
        let h = try Harness()
        try h.start()
        let client = try RawClient(path: h.socket)
        client.send([UInt8](repeating: 0x20, count: (1 << 20) + 10))
        let reply = client.readReply()
        XCTAssertEqual(reply?["error"] as? String, "io.connectd.MessageTooLarge")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testOnewayCall_getsNoReply() throws {
        let h = try Harness()
        try h.start()
        let client = try RawClient(path: h.socket)
        client.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Quiet Quinn"},"oneway":true}"#)
        client.send(#"{"method":"io.connectd.Status"}"#)
        let reply = client.readReply()
        XCTAssertEqual((reply?["parameters"] as? [String: Any])?["people"] as? Int, 1, "the first reply is Status's: \(String(describing: reply))")
    }

    func testThousandMalformedOrOversizedMessages_daemonStillAnswers() throws {
        let h = try Harness()
        try h.start()
        var answered = 0
        for index in 0..<1000 {
            let client = try RawClient(path: h.socket)
            switch index % 5 {
            case 0: client.send("{\"method\": \(index)")
            case 1: client.send([UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 300) + [0])
            case 2: client.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":[1,2]}}"#)
            case 3: client.send([UInt8](repeating: 0x7B, count: index % 100 == 3 ? (1 << 20) + 1 : 2000))
                    client.shutdownWrite()
            default: client.send(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"x.y"}}"#)
            }
            if client.readReply()?["error"] != nil { answered += 1 }
        }
        XCTAssertEqual(answered, 1000, "every bad message got an error reply")
        let status = try h.ctl("status")
        XCTAssertEqual(status.code, 0, status.stderr)
        XCTAssertEqual(h.daemon?.isRunning, true)
    }

    func testAFullConnectionTable_makesRoomByClosingTheOldestIdle() throws {
        let h = try Harness()
        try h.start()
        var held = try (0..<128).map { _ in try RawClient(path: h.socket) }
        // Half a message on some: they are not served, and cannot hold the table either.
        for client in held.prefix(64) { client.send(#"{"method":"io.connectd.St"#, terminate: false) }
        let status = try h.ctl("status")
        XCTAssertEqual(status.code, 0, "a new client gets in: \(status.stderr)")
        XCTAssertTrue(held[64].isClosedByPeer(), "the connection without progress for longest (idle since it connected) made room")
        held.remove(at: 64)
        held[100].send(#"{"method":"io.connectd.Status"}"#)
        XCTAssertNotNil((held[100].readReply()?["parameters"] as? [String: Any])?["version"], "the other held connections are served")
        XCTAssertTrue(h.log.contains("closing the connection idle longest"), h.log)
    }
}
