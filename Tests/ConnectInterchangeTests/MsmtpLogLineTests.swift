@testable import ConnectInterchange
import XCTest

/// msmtp's log lines: what was sent, to whom, when (no year), and what is not a line of msmtp's.
final class MsmtpLogLineTests: XCTestCase {
    func testASentMail_andAFailedOne() {
        let sent = MsmtpLogLine.parse("""
            Dec 07 10:46:09 host=127.0.0.1 tls=off auth=off from=me@example.org recipients=ada@example.org,GRACE@Example.ORG mailsize=160 \
            smtpstatus=250 smtpmsg='250 OK queued' exitcode=EX_OK
            """)
        XCTAssertEqual(sent, MsmtpLogLine(month: 12, day: 7, hour: 10, minute: 46, second: 9,
                                          recipients: ["ada@example.org", "GRACE@Example.ORG"], sent: true))
        let failed = MsmtpLogLine.parse("""
            Dec 07 10:46:09 host=127.0.0.1 tls=off auth=off from=me@example.org recipients=ada@example.org \
            errormsg='cannot connect to 127.0.0.1, port 1: Connection refused' exitcode=EX_TEMPFAIL
            """)
        XCTAssertEqual(failed?.sent, false)
        let copy = MsmtpLogLine.parse("""
            Dec 07 10:46:09 host=mx from=Me@Example.org recipients=ada@example.org,me@example.org mailsize=1 smtpstatus=250 exitcode=EX_OK
            """)
        XCTAssertEqual(copy?.recipients, ["ada@example.org"], "a copy to yourself is no contact")
        XCTAssertNil(MsmtpLogLine.parse("Dec 07 10:46:09 host=mx from=me@example.org recipients=me@example.org exitcode=EX_OK"), "only to yourself")
    }

    func testAServersMessageCannotPassForTheExitCode_orForTheRecipients() {
        let line = MsmtpLogLine.parse("""
            Jan  5 08:00:00 host=mx from=me@example.org recipients=ada@example.org mailsize=1 smtpstatus=550 \
            smtpmsg='550 no recipients=evil@example.org exitcode=EX_OK' exitcode=EX_NOPERM
            """)
        XCTAssertEqual(line?.recipients, ["ada@example.org"])
        XCTAssertEqual(line?.sent, false, "the last exitcode is msmtp's")
        XCTAssertEqual(line?.day, 5, "a day padded with a space")
    }

    /// msmtp writes the month in the user's language (strftime's %b in LC_TIME).
    func testMonthNamesInOtherLanguages() {
        let lines = ["Dez 07 10:46:09": 12, "déc. 07 10:46:09": 12, "Mär  7 10:46:09": 3, "févr. 07 10:46:09": 2, "janv. 07 10:46:09": 1,
                     "mai 07 10:46:09": 5, "août 07 10:46:09": 8, "ene 07 10:46:09": 1, "ott 07 10:46:09": 10, "mrt 07 10:46:09": 3,
                     "paź 07 10:46:09": 10, "sept. 07 10:46:09": 9, "juin 07 10:46:09": 6]
        for (start, month) in lines {
            let line = MsmtpLogLine.parse((start + " host=mx from=me@example.org recipients=ada@example.org exitcode=EX_OK")[...])
            XCTAssertEqual(line?.month, month, start)
            XCTAssertEqual(line?.day, 7, start)
            XCTAssertEqual(line?.minute, 46, start)
        }
    }

    func testWhatIsNotALineOfMsmtps_isNil() {
        for text in ["", "hello", "Foo 07 10:46:09 recipients=a@b exitcode=EX_OK", "Dec 32 10:46:09 recipients=a@b exitcode=EX_OK",
                     "Dec 07 25:46:09 recipients=a@b exitcode=EX_OK", "Dec 07 10:46:09 host=x exitcode=EX_OK",
                     "Dec 07 10:46:09 recipients=nobody exitcode=EX_OK", "Dec 7:46:09 recipients=a@b", "Decemberrrrrrr 07 10:46:09 recipients=a@b",
                     "Dec 123 10:46:09 recipients=a@b exitcode=EX_OK",
                     "Dec 07 10:46:09 recipients=a@b " + String(repeating: "x", count: MsmtpLogLine.longest)] {
            XCTAssertNil(MsmtpLogLine.parse(text[...]), text.prefix(60).description)
        }
    }
}
