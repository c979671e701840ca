import ConnectInterchange
import XCTest

final class MailAddressListTests: XCTestCase {
    func testTheFormsMailProgramsWrite() {
        let cases: [(String, [String])] = [
            ("ada@example.org", ["ada@example.org"]),
            ("\"Ada\" <ADA@Example.ORG>", ["ada@example.org"]),
            ("\"Lovelace, Ada\" <ada@example.org>, Grace Hopper <grace@navy.mil>", ["ada@example.org", "grace@navy.mil"]),
            ("grace@navy.mil (Grace, the admiral)", ["grace@navy.mil"]),
            ("Team: a@x.org, \"B\" <b@x.org>;, c@y.org", ["a@x.org", "b@x.org", "c@y.org"]),
            ("undisclosed-recipients:;", []),
            ("\"ada.l\"@example.org", ["\"ada.l\"@example.org"]),
            ("\"a \\\"quoted\\\" name\" <q@x.org>", ["q@x.org"]),
            ("José <josé@exämple.org>", ["josé@exämple.org"]),
            ("Ada\r\n <ada@example.org>,\r\n\tgrace@navy.mil", ["ada@example.org", "grace@navy.mil"]),
            ("", []),
            ("not an address, <>, @, a@, @b", []),
            ("<a@x.org> <b@x.org>", ["b@x.org"]),
            // A decoded name with an unclosed quote or "<" does not hide the addresses after it.
            ("\"Ada <ada@x.org>, bob@y.org", ["ada@x.org", "bob@y.org"]),
            ("Ada (the <first ada@x.org, bob@y.org", ["ada@x.org", "bob@y.org"]),
            // Two To headers that notmuch joined with a space.
            ("ada@x.org bob@y.org", ["ada@x.org", "bob@y.org"]),
            // A terminal escape, a C1 control or a bidi override in an address: not an address.
            ("<ada\u{1B}[31m@x.org>, <b\u{9B}@x.org>, <c\u{202E}@x.org>, d@x.org", ["d@x.org"]),
        ]
        for (header, expected) in cases {
            XCTAssertEqual(MailAddressList.parse(header), expected, "the addresses in \(header.debugDescription)")
        }
    }

    func testHostileHeadersStayLinearAndBounded() {
        let many = (0..<5000).map { "p\($0)@x.org" }.joined(separator: ", ")
        XCTAssertEqual(MailAddressList.parse(many).count, MailAddressList.most, "at most \(MailAddressList.most) addresses from one header")
        let unclosed = String(repeating: "(", count: 100_000) + "a@x.org"
        XCTAssertEqual(MailAddressList.parse(unclosed), ["a@x.org"], "an unclosed comment: the words with an @ are taken, in linear time")
        let quotes = String(repeating: "\"", count: 100_001) + "a@x.org"
        XCTAssertEqual(MailAddressList.parse(quotes), ["a@x.org"], "an unclosed quote: the same")
    }
}
