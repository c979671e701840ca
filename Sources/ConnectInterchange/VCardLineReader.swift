/// Turns the bytes of a vCard file into logical content lines, each with the physical line it
/// starts on: drops a UTF-8 BOM, accepts CRLF, LF or CR, unfolds on bytes (a fold may split a
/// UTF-8 sequence, so nothing is decoded here), joins quoted-printable soft line breaks (2.1),
/// and gathers 2.1 base64 values that run over plain lines until a blank line.
struct VCardLineReader<Source: ByteSource> {
    struct Line {
        var bytes: [UInt8]
        var number: Int
        /// The line was longer than `lineLimit`: its bytes were dropped (once, whole).
        var tooLong = false
    }

    /// The longest logical line kept (`VCardReader.maxLineBytes`); longer ones are reported and dropped.
    let lineLimit: Int

    private var source: Source
    private var chunk: ArraySlice<UInt8> = []
    private var atEnd = false
    private var physicalNumber = 0
    private var pendingCR = false
    /// A physical line read ahead (to see whether the next one continues it).
    private var lookahead: Line?

    init(source: Source, lineLimit: Int) {
        self.source = source
        self.lineLimit = lineLimit
    }

    /// Makes `chunk` non-empty unless the file ended; false at the end.
    private mutating func fill() throws -> Bool {
        while chunk.isEmpty {
            guard !atEnd else { return false }
            chunk = try source.next()
            if chunk.isEmpty { atEnd = true }
        }
        return true
    }

    /// The next physical line without its line break (and without a UTF-8 byte order mark at its
    /// start: files put together with `cat` carry one in the middle), or nil at the end.
    private mutating func physicalLine() throws -> Line? {
        var bytes: [UInt8] = []
        var tooLong = false
        var sawAny = false
        while try fill() {
            if pendingCR {
                pendingCR = false
                if chunk.first == 0x0A { chunk = chunk.dropFirst() }
                continue
            }
            sawAny = true
            guard let end = chunk.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
                if !tooLong { bytes += chunk }
                if bytes.count > lineLimit { (tooLong, bytes) = (true, []) }
                chunk = []
                continue
            }
            if !tooLong { bytes += chunk[chunk.startIndex..<end] }
            if bytes.count > lineLimit { (tooLong, bytes) = (true, []) }
            pendingCR = chunk[end] == 0x0D
            chunk = chunk[(end + 1)...]
            return finishLine(bytes, tooLong: tooLong)
        }
        return sawAny ? finishLine(bytes, tooLong: tooLong) : nil
    }

    private mutating func finishLine(_ bytes: [UInt8], tooLong: Bool) -> Line {
        physicalNumber += 1
        let withoutMark = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return Line(bytes: withoutMark, number: physicalNumber, tooLong: tooLong)
    }

    /// The next logical line (blank lines are skipped), or nil at the end of the file. A line
    /// that grows past `lineLimit` comes back once, empty and marked `tooLong`, with every
    /// line that continued it.
    mutating func next() throws -> Line? {
        var current: Line
        repeat {
            guard let line = try lookahead.take() ?? physicalLine() else { return nil }
            current = line
        } while !current.tooLong && current.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let quotedPrintable = Self.isQuotedPrintable(current.bytes)
        let base64 = !quotedPrintable && Self.isBase64Of21(current.bytes)
        var softBreak = quotedPrintable && current.bytes.last == UInt8(ascii: "=")
        while let line = try lookahead.take() ?? physicalLine() {
            if softBreak {
                // A soft line break: the value goes on, verbatim, on the next line.
                softBreak = line.bytes.last == UInt8(ascii: "=")
                if !current.tooLong {
                    current.bytes.removeLast()
                    current.bytes += line.bytes
                }
            } else if let first = line.bytes.first, first == 0x20 || first == 0x09 {
                if !current.tooLong { current.bytes += line.bytes.dropFirst() }
            } else if base64, !line.bytes.isEmpty, !line.bytes.contains(UInt8(ascii: ":")) {
                if !current.tooLong { current.bytes += line.bytes }
            } else {
                if !line.bytes.isEmpty || line.tooLong || !base64 { lookahead = line }
                break
            }
            current.tooLong = current.tooLong || line.tooLong
            if current.tooLong || current.bytes.count > lineLimit { (current.tooLong, current.bytes) = (true, []) }
        }
        return current
    }

    /// The part before the first ':' outside quotes: the name and parameters.
    static func head(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var quoted = false
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: ":"), !quoted { return bytes[..<index] }
        }
        return bytes[...]
    }

    /// Whether the line's parameters (before the first ':') name quoted-printable: on bytes, and
    /// only when there are parameters (run for every line of every card).
    static func isQuotedPrintable(_ bytes: [UInt8]) -> Bool {
        parametersContain(bytes, Array("QUOTED-PRINTABLE".utf8))
    }

    /// A 2.1 base64 value (`ENCODING=BASE64`, or a bare `BASE64`): it may continue on lines that
    /// do not start with a space, up to a blank line.
    static func isBase64Of21(_ bytes: [UInt8]) -> Bool {
        parametersContain(bytes, Array("BASE64".utf8))
    }

    /// Whether the part between the first ';' and the first ':' (outside quotes) contains `word`,
    /// ignoring ASCII case.
    private static func parametersContain(_ bytes: [UInt8], _ word: [UInt8]) -> Bool {
        let head = Self.head(bytes)
        guard let semicolon = head.firstIndex(of: UInt8(ascii: ";")), head.endIndex - semicolon > word.count else { return false }
        let parameters = head[(semicolon + 1)...]
        var start = parameters.startIndex
        while start + word.count <= parameters.endIndex {
            var index = 0
            while index < word.count, parameters[start + index] & 0xDF == word[index] & 0xDF { index += 1 }
            if index == word.count { return true }
            start += 1
        }
        return false
    }
}

extension Optional {
    /// The value, leaving nil behind.
    mutating func take() -> Wrapped? {
        defer { self = nil }
        return self
    }
}
