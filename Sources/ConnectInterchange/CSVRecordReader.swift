/// Reads CSV (RFC 4180: commas, double quotes, `""` inside quotes, CRLF or LF, line breaks inside
/// quoted fields) record by record from a `ByteSource`, in bounded memory: each record comes with
/// the line it starts on, and a record longer than `recordLimit` (or with more than
/// `maxFields`) is read to its end but not kept, so that one 200 MB field costs neither the
/// memory nor the rest of the file. A UTF-8 byte order mark at the start is dropped.
struct CSVRecordReader<Source: ByteSource> {
    enum Record: Equatable {
        /// The fields, trimmed of spaces, with the line the record starts on.
        case fields([String], line: Int)
        /// A record that was too large to keep, with the line it starts on.
        case tooLarge(line: Int)
    }

    static var maxFields: Int { 256 }
    /// This reader's bound (tests use a small one).
    let recordLimit: Int

    private var source: Source
    private var chunk: ArraySlice<UInt8> = []
    private var atEnd = false
    private var line = 1
    private var started = false

    init(source: Source, recordLimit: Int) {
        self.source = source
        self.recordLimit = recordLimit
    }

    private mutating func nextByte() throws -> UInt8? {
        while chunk.isEmpty {
            guard !atEnd else { return nil }
            chunk = try source.next()
            if chunk.isEmpty { atEnd = true }
        }
        return chunk.popFirst()
    }

    private mutating func peek() throws -> UInt8? {
        while chunk.isEmpty {
            guard !atEnd else { return nil }
            chunk = try source.next()
            if chunk.isEmpty { atEnd = true }
        }
        return chunk.first
    }

    /// The next record; nil at the end of the input. Blank lines are records of one empty field.
    mutating func next() throws -> Record? {
        if !started {
            started = true
            if try peek() == 0xEF {
                var mark: [UInt8] = []
                while mark.count < 3, let byte = try peek(), byte == [0xEF, 0xBB, 0xBF][mark.count] {
                    mark.append(byte)
                    _ = try nextByte()
                }
                if mark.count < 3 { chunk = (mark + chunk)[...] }
            }
        }
        guard try peek() != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var size = 0
        var tooLarge = false
        var quoted = false
        var fieldStarted = false
        /// The field so far is spaces only (a quote may still open it), also once `field` is no longer kept.
        var onlySpaces = true
        func endField() {
            guard !tooLarge else { return }
            if fields.count >= Self.maxFields {
                tooLarge = true
                return
            }
            fields.append(String(decoding: field, as: UTF8.self).trimmingSpaces)
            field.removeAll(keepingCapacity: true)
        }
        while let byte = try nextByte() {
            size += 1
            if size > recordLimit, !tooLarge {
                tooLarge = true
                fields = []
                field = []
            }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        _ = try nextByte()
                        if !tooLarge { field.append(byte) }
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    if !tooLarge { field.append(byte) }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where !fieldStarted || onlySpaces:
                quoted = true
                fieldStarted = true
                onlySpaces = false
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: ","):
                endField()
                fieldStarted = false
                onlySpaces = true
            case 0x0D:
                if try peek() == 0x0A { _ = try nextByte() }
                line += 1
                endField()
                return tooLarge ? .tooLarge(line: startLine) : .fields(fields, line: startLine)
            case 0x0A:
                line += 1
                endField()
                return tooLarge ? .tooLarge(line: startLine) : .fields(fields, line: startLine)
            default:
                fieldStarted = true
                if byte != 0x20 { onlySpaces = false }
                if !tooLarge { field.append(byte) }
            }
        }
        endField()
        return tooLarge ? .tooLarge(line: startLine) : .fields(fields, line: startLine)
    }
}
