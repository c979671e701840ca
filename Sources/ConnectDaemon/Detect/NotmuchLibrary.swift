import Foundation
import Glibc

/// libnotmuch, loaded when first needed with `dlopen`, so connectd starts (and every other
/// source works) where notmuch is not installed. Only the calls connectd makes: open the
/// database read-only with notmuch's own config, read the user's addresses and the revision,
/// search, and read a message's headers (never a body).
final class NotmuchLibrary: @unchecked Sendable {
    typealias Database = OpaquePointer
    typealias Query = OpaquePointer
    typealias Messages = OpaquePointer
    typealias Message = OpaquePointer

    static let soname = "libnotmuch.so.5"
    private static let readOnly: Int32 = 0
    private static let unsorted: Int32 = 3

    let openWithConfig: @convention(c) (UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
                                        UnsafeMutablePointer<Database?>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32
    let destroyDatabase: @convention(c) (Database) -> Int32
    let databasePath: @convention(c) (Database) -> UnsafePointer<CChar>?
    let revision: @convention(c) (Database, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> UInt
    let configValues: @convention(c) (Database, UnsafePointer<CChar>) -> OpaquePointer?
    let configValid: @convention(c) (OpaquePointer) -> Int32
    let configGet: @convention(c) (OpaquePointer) -> UnsafePointer<CChar>?
    let configNext: @convention(c) (OpaquePointer) -> Void
    let configDestroy: @convention(c) (OpaquePointer) -> Void
    let queryCreate: @convention(c) (Database, UnsafePointer<CChar>) -> Query?
    let querySetSort: @convention(c) (Query, Int32) -> Void
    let querySearch: @convention(c) (Query, UnsafeMutablePointer<Messages?>) -> Int32
    let queryDestroy: @convention(c) (Query) -> Void
    let messagesValid: @convention(c) (Messages) -> Int32
    let messagesGet: @convention(c) (Messages) -> Message?
    let messagesNext: @convention(c) (Messages) -> Void
    let messageID: @convention(c) (Message) -> UnsafePointer<CChar>?
    let messageHeader: @convention(c) (Message, UnsafePointer<CChar>) -> UnsafePointer<CChar>?
    let messageDate: @convention(c) (Message) -> Int
    let messageDestroy: @convention(c) (Message) -> Void
    let findMessage: @convention(c) (Database, UnsafePointer<CChar>, UnsafeMutablePointer<Message?>) -> Int32

    /// The library, or why it cannot be used ("libnotmuch.so.5 is not installed …").
    static func load() -> Result<NotmuchLibrary, NotmuchProblem> {
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(.missing("\(soname) could not be loaded (\(String(cString: dlerror()))); install notmuch (Debian: apt install libnotmuch5)"))
        }
        do {
            return .success(try NotmuchLibrary(handle))
        } catch {
            dlclose(handle)
            return .failure(error)
        }
    }

    private init(_ handle: UnsafeMutableRawPointer) throws(NotmuchProblem) {
        func symbol<T>(_ name: String, as type: T.Type) throws(NotmuchProblem) -> T {
            guard let pointer = dlsym(handle, name) else {
                throw .missing("\(Self.soname) has no \(name): notmuch 0.32 or later is needed")
            }
            return unsafeBitCast(pointer, to: type)
        }
        openWithConfig = try symbol("notmuch_database_open_with_config", as: type(of: openWithConfig))
        destroyDatabase = try symbol("notmuch_database_destroy", as: type(of: destroyDatabase))
        databasePath = try symbol("notmuch_database_get_path", as: type(of: databasePath))
        revision = try symbol("notmuch_database_get_revision", as: type(of: revision))
        configValues = try symbol("notmuch_config_get_values_string", as: type(of: configValues))
        configValid = try symbol("notmuch_config_values_valid", as: type(of: configValid))
        configGet = try symbol("notmuch_config_values_get", as: type(of: configGet))
        configNext = try symbol("notmuch_config_values_move_to_next", as: type(of: configNext))
        configDestroy = try symbol("notmuch_config_values_destroy", as: type(of: configDestroy))
        queryCreate = try symbol("notmuch_query_create", as: type(of: queryCreate))
        querySetSort = try symbol("notmuch_query_set_sort", as: type(of: querySetSort))
        querySearch = try symbol("notmuch_query_search_messages", as: type(of: querySearch))
        queryDestroy = try symbol("notmuch_query_destroy", as: type(of: queryDestroy))
        messagesValid = try symbol("notmuch_messages_valid", as: type(of: messagesValid))
        messagesGet = try symbol("notmuch_messages_get", as: type(of: messagesGet))
        messagesNext = try symbol("notmuch_messages_move_to_next", as: type(of: messagesNext))
        messageID = try symbol("notmuch_message_get_message_id", as: type(of: messageID))
        messageHeader = try symbol("notmuch_message_get_header", as: type(of: messageHeader))
        messageDate = try symbol("notmuch_message_get_date", as: type(of: messageDate))
        messageDestroy = try symbol("notmuch_message_destroy", as: type(of: messageDestroy))
        findMessage = try symbol("notmuch_database_find_message", as: type(of: findMessage))
    }

    /// Opens the database read-only as notmuch's config says (`configPath` nil: notmuch's own
    /// search, `NOTMUCH_CONFIG` included).
    func open(configPath: String?) throws(NotmuchProblem) -> Database {
        var database: Database?
        var message: UnsafeMutablePointer<CChar>?
        let status = openWithConfig(nil, Self.readOnly, configPath, nil, &database, &message)
        let said = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        free(message)
        guard status == 0, let database else {
            if let database { _ = destroyDatabase(database) }
            throw .unreadable("notmuch could not open its database (status \(status)\(said.map { ": \($0)" } ?? ""))")
        }
        return database
    }

    /// Every value of a list setting of notmuch's config ("user.other_email").
    func values(_ database: Database, _ key: String) -> [String] {
        guard let list = configValues(database, key) else { return [] }
        defer { configDestroy(list) }
        var values: [String] = []
        while configValid(list) != 0, values.count < 100 {
            if let value = configGet(list) { values.append(String(cString: value)) }
            configNext(list)
        }
        return values
    }

    /// The messages a query finds, in no order (the cheapest for Xapian).
    func search(_ database: Database, _ text: String) throws(NotmuchProblem) -> (Query, Messages) {
        guard let query = queryCreate(database, text) else { throw .unreadable("notmuch could not make the query") }
        querySetSort(query, Self.unsorted)
        var messages: Messages?
        let status = querySearch(query, &messages)
        guard status == 0, let messages else {
            queryDestroy(query)
            throw .busy("notmuch's search failed (status \(status)); the database may be being written")
        }
        return (query, messages)
    }

    /// The message with this Message-ID (without <>), if the database has it; destroy it after use.
    func find(_ database: Database, _ id: String) -> Message? {
        var message: Message?
        guard findMessage(database, id, &message) == 0 else { return nil }
        return message
    }

    func header(_ message: Message, _ name: String) -> String? {
        messageHeader(message, name).map { String(cString: $0) }
    }
}

/// Why notmuch could not be read.
enum NotmuchProblem: Error, CustomStringConvertible {
    /// The library is not installed or too old.
    case missing(String)
    /// The database or its config cannot be opened.
    case unreadable(String)
    /// The database is being written: tried again later, quietly.
    case busy(String)

    var description: String {
        switch self {
        case .missing(let text), .unreadable(let text), .busy(let text): text
        }
    }
}
