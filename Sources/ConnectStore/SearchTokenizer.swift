import ConnectCore
import GRDB
import GRDBSQLite

/// The FTS5 tokenizer of the search index (`SearchIndex`): `SearchWords` as SQLite calls
/// it, for the words stored and the words of a query alike. Registered on the connection before
/// the migrations run. The name carries a version: words made differently need a new name and
/// an index built again.
final class SearchTokenizer: FTS5CustomTokenizer {
    static let name = SearchIndex.tokenizer

    init(db: Database, arguments: [String]) throws {}

    func tokenize(context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?, nText: CInt,
                  tokenCallback: @escaping FTS5TokenCallback) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let text = UnsafeBufferPointer(start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        var code = SQLITE_OK
        SearchWords.forEach(in: text) { word in
            guard code == SQLITE_OK else { return }
            var folded = word.folded
            code = folded.withUTF8 { token in
                token.withMemoryRebound(to: CChar.self) {
                    tokenCallback(context, 0, $0.baseAddress, CInt(token.count), CInt(word.bytes.lowerBound), CInt(word.bytes.upperBound))
                }
            }
        }
        return code
    }
}
