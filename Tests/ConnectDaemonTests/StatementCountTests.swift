@testable import ConnectDaemon
@testable import ConnectStore
import Foundation
import GRDB
import XCTest

/// How many SQL statements a LogInteraction runs, counted with sqlite3_trace_v2 (triggers'
/// statements included): printed for the notes, and bounded at today's count so that one more is
/// seen (raise it only with a reason).
final class StatementCountTests: XCTestCase {
    final class Counter: @unchecked Sendable {
        var statements: [String] = []
    }

    func testStatementsPerLogInteraction() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"2w"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"call"}"#)
        let counter = Counter()
        d.runtime.keeper.store.session { session in
            session.db.trace(options: .statement) { event in counter.statements.append("\(event)") }
        }
        d.ok("LogInteraction", #"{"person":"ada","kind":"coffee","note":"engines"}"#)
        d.runtime.keeper.store.session { $0.db.trace(options: []) }
        print("STATEMENT-FIGURE LogInteraction: \(counter.statements.count) statements (triggers' included)")
        for statement in counter.statements { print("  " + statement.prefix(140)) }
        // 13 before the search index; a note adds its trigger's two lines and FTS5's own seven
        // (the document's size, the new segment, the structure and the term index).
        XCTAssertLessThanOrEqual(counter.statements.count, 22,
                                  "LogInteraction with a note should run at most 22 statements (BEGIN to COMMIT, the triggers' lines and FTS5's included); it ran: \(counter.statements)")
    }
}
