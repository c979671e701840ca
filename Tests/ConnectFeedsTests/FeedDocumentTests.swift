@testable import ConnectFeeds
import Foundation
import XCTest

/// Atom and RSS as feeds write them, the dates found in the wild, titles made plain text, and
/// what is refused (an entity bomb, HTML, broken XML) with a sentence.
final class FeedDocumentTests: XCTestCase {
    func iso(_ text: String) -> Date { FeedDate.iso8601(text)! }

    func testAtom_titlesLinksAndDates() throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Ada's notes</title>
            <entry><title type="html">How we &lt;em&gt;onboard&lt;/em&gt; &amp;amp; why</title>
              <link rel="alternate" href="https://ada.example.org/onboard"/><link rel="edit" href="https://x/edit"/>
              <published>2026-12-01T09:30:00+01:00</published><updated>2026-12-02T10:00:00Z</updated></entry>
            <entry><title>Plain &lt;not a tag&gt;</title><link href="https://ada.example.org/2"/><updated>2026-11-20T08:00:00Z</updated></entry>
            </feed>
            """
        let entries = try FeedDocument.parse(Array(atom.utf8))
        XCTAssertEqual(entries.map(\.title), ["How we onboard & why", "Plain <not a tag>"])
        XCTAssertEqual(entries.map(\.link), ["https://ada.example.org/onboard", "https://ada.example.org/2"])
        XCTAssertEqual(entries[0].published, iso("2026-12-01T08:30:00Z"), "published wins over updated")
        XCTAssertEqual(entries[1].published, iso("2026-11-20T08:00:00Z"))
    }

    func testRSS_withEscapedMarkupCDATAAndTerminalEscapes() throws {
        let rss = """
            <rss version="2.0"><channel><title>Grace</title>
            <item><title><![CDATA[Compilers <b>are</b> fun]]></title><link>https://grace.example/c</link><pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate></item>
            <item><title>Bugs &amp;#x1b;[31mred&amp;#x1b;[0m &#8212; a story</title><link> https://grace.example/b </link><pubDate>garbage</pubDate></item>
            </channel></rss>
            """
        let entries = try FeedDocument.parse(Array(rss.utf8))
        XCTAssertEqual(entries.map(\.title), ["Compilers are fun", "Bugs [31mred[0m — a story"], "an escaped ESC is decoded, then dropped")
        XCTAssertEqual(entries[1].link, "https://grace.example/b")
        XCTAssertEqual(entries[0].published, iso("2026-12-01T09:30:00Z"))
        XCTAssertNil(entries[1].published, "an unreadable date is none, not a wrong one")
    }

    func testDatesInTheWild() {
        let expected = iso("2026-12-01T09:30:00Z")
        for text in ["Tue, 01 Dec 2026 09:30:00 +0000", "Tue, 1 Dec 2026 09:30:00 GMT", "01 Dec 2026 09:30 UT", "Tuesday, 01-Dec-26 04:30:00 EST",
                     "Tue, 01 Dec 26 10:30:00 +0100", "Tue, 01 Dec 2026 10:30:00 +01:00", "2026-12-01T09:30:00Z", "2026-12-01T09:30:00.123Z",
                     "2026-12-01T10:30:00+01:00", "2026-12-01 09:30:00Z", "2026-12-01T09:30Z", "Tue, 01 December 2026 01:30:00 PST"] {
            XCTAssertEqual(FeedDate.parse(text), expected, text)
        }
        XCTAssertEqual(FeedDate.parse("2026-12-01"), iso("2026-12-01T00:00:00Z"))
        for bad in ["", "yesterday", "Tue, 32 Dec 2026 09:30:00 GMT", "2026-13-01T00:00:00Z", "Tue, 01 Dec 2026 25:00:00 GMT",
                    "Tue, 01 Dec 2026 09:30:00 XYZ", String(repeating: "9", count: 500)] {
            XCTAssertNil(FeedDate.parse(bad), bad)
        }
    }

    func testRefused_withASentence() {
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><item><title>&lol3;</title></item></channel></rss>
            """
        XCTAssertThrowsError(try FeedDocument.parse(Array(bomb.utf8))) { XCTAssertEqual($0 as? FeedProblem, .entities) }
        XCTAssertThrowsError(try FeedDocument.parse(Array("<html><body>Hello</body></html>".utf8))) { error in
            XCTAssertEqual("\(error)", "not a feed: its root element is <html>, not Atom's <feed> or RSS's <rss>")
        }
        XCTAssertThrowsError(try FeedDocument.parse(Array("<rss><channel><item><title>x</title></channel>".utf8))) { error in
            XCTAssertTrue("\(error)".hasPrefix("not valid XML (line 1"), "\(error)")
        }
        XCTAssertThrowsError(try FeedDocument.parse([0xff, 0xfe, 0x00]))
        XCTAssertThrowsError(try FeedDocument.parse(Array("<rss><channel><item><title>a \u{1b}[31m</title></item></channel></rss>".utf8)),
                             "a raw control character is not XML")
    }

    /// A UTF-16 body (where entity declarations hide from the byte check) is refused; a title
    /// or an attribute of 500,000 '<' is read in linear time.
    func testUTF16IsRefused_andUnclosedTagsAreLinear() throws {
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "<rss><channel><item><title>x</title></item></channel></rss>".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        XCTAssertThrowsError(try FeedDocument.parse(utf16)) { XCTAssertEqual($0 as? FeedProblem, .notUTF8) }
        let many = String(repeating: "<", count: 500_000)
        XCTAssertEqual(PlainText.from(html: "a " + many, limit: 10), "a <<<<<<<…")
        let page = "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"" + many
        XCTAssertNil(AlternateLink.find(in: Array(page.utf8), page: URL(string: "https://a.example/")!))
    }

    func testPrivateAddresses() {
        for ip in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                   "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "", "garbage"] {
            XCTAssertTrue(FeedFetcher.isPrivate(ip), ip)
        }
        for ip in ["93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"] {
            XCTAssertFalse(FeedFetcher.isPrivate(ip), ip)
        }
    }

    func testAtMostFiftyEntries() throws {
        let many = "<feed>" + (0..<500).map { "<entry><title>t\($0)</title></entry>" }.joined() + "</feed>"
        XCTAssertEqual(try FeedDocument.parse(Array(many.utf8)).count, FeedDocument.maxEntries)
    }

    func testAlternateLinkOfAPage() {
        let page = URL(string: "https://ada.example.org/about/")!
        let html = """
            <html><head><link rel="stylesheet" href="/s.css"><LINK REL="alternate" TYPE="application/rss+xml" title="x" HREF='../feed.xml?a=1&amp;b=2'>
            </head></html>
            """
        XCTAssertEqual(AlternateLink.find(in: Array(html.utf8), page: page), "https://ada.example.org/feed.xml?a=1&b=2")
        XCTAssertNil(AlternateLink.find(in: Array("<link rel=alternate type=application/atom+xml href=javascript:alert(1)>".utf8), page: page))
        XCTAssertNil(AlternateLink.find(in: Array("<p>no links</p>".utf8), page: page))
    }
}
