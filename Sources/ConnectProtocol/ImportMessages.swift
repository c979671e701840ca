/// Parameters of ImportUpload: a base64 chunk appended to an upload (a new one when nil).
public struct ImportUploadParameters: Codable, Sendable {
    public var upload: String?
    public var data: String

    public init(upload: String?, data: String) {
        self.upload = upload
        self.data = data
    }
}

public struct ImportUploadReply: Codable, Sendable {
    public var upload: String
    public var size: Int

    public init(upload: String, size: Int) {
        self.upload = upload
        self.size = size
    }
}

public struct ImportParameters: Codable, Sendable {
    public var upload: String
    /// The file's name, for messages.
    public var name: String?
    public var every: String?
    public var tags: [String]?
    public var overwrite: Bool?
    public var strict: Bool?
    public var dryRun: Bool?

    public init(upload: String, name: String? = nil) {
        self.upload = upload
        self.name = name
    }
}

/// What happened to one record of an import.
public struct ImportItemInfo: Codable, Equatable, Sendable {
    public var line: Int
    public var name: String
    /// added, updated, unchanged or skipped.
    public var outcome: String
    public var reason: String?
    public var fields: [String]

    public init(line: Int, name: String, outcome: String, reason: String?, fields: [String]) {
        self.line = line
        self.name = name
        self.outcome = outcome
        self.reason = reason
        self.fields = fields
    }
}

public struct ImportReply: Codable, Sendable {
    public var format: String
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    public var skipped: Int
    public var items: [ImportItemInfo]
    public var moreItems: Int
    public var catchUpsPerDay: Double
    public var dailyBudget: Int
    /// The import's number in the journal (what UndoImport takes); nil for a dry run.
    public var run: Int64?

    public init(format: String, added: Int, updated: Int, unchanged: Int, skipped: Int, items: [ImportItemInfo], moreItems: Int,
                catchUpsPerDay: Double, dailyBudget: Int, run: Int64? = nil) {
        self.run = run
        self.format = format
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.skipped = skipped
        self.items = items
        self.moreItems = moreItems
        self.catchUpsPerDay = catchUpsPerDay
        self.dailyBudget = dailyBudget
    }
}

public struct ExportParameters: Codable, Sendable {
    /// "vcard" or "json".
    public var format: String
    public var after: Int64?
    public var limit: Int?

    public init(format: String, after: Int64? = nil, limit: Int? = nil) {
        self.format = format
        self.after = after
        self.limit = limit
    }
}

public struct ExportCardInfo: Codable, Sendable {
    public var uid: String
    public var name: String
    public var text: String
    /// The card's file name in a folder of cards (`export --dir`): different for every UID.
    public var file: String?

    public init(uid: String, name: String, text: String, file: String?) {
        self.uid = uid
        self.name = name
        self.text = text
        self.file = file
    }
}

public struct ExportReply: Codable, Sendable {
    public var cards: [ExportCardInfo]
    /// The JSON export's page (a JSON object as text).
    public var page: String?
    public var next: Int64?

    public init(cards: [ExportCardInfo], page: String?, next: Int64?) {
        self.cards = cards
        self.page = page
        self.next = next
    }
}

/// One import as its journal remembers it: undoable for 30 days after it finished.
public struct ImportRunInfo: Codable, Equatable, Sendable {
    public var id: Int64
    /// The file's name, as the client gave it.
    public var name: String
    public var format: String
    public var startedAt: String
    /// Nil while it runs.
    public var finishedAt: String?
    public var undoneAt: String?
    public var added: Int
    public var updated: Int

    public init(id: Int64, name: String, format: String, startedAt: String, finishedAt: String?, undoneAt: String?, added: Int, updated: Int) {
        self.id = id
        self.name = name
        self.format = format
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.undoneAt = undoneAt
        self.added = added
        self.updated = updated
    }
}

public struct ListImportsReply: Codable, Sendable {
    public var imports: [ImportRunInfo]
    public init(imports: [ImportRunInfo]) { self.imports = imports }
}

/// Parameters of UndoImport: the import's id, or "last".
public struct UndoImportParameters: Codable, Sendable {
    public var run: String
    public init(run: String) { self.run = run }
}

public struct UndoImportReply: Codable, Sendable {
    public var run: ImportRunInfo
    public init(run: ImportRunInfo) { self.run = run }
}
