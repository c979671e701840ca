extension StringProtocol {
    /// Without leading and trailing spaces and tabs: what the readers trim around values,
    /// without Foundation's character sets (they were a third of the time to read a card).
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { $0 != " " && $0 != "\t" }), let end = lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(self[start...end])
    }

    /// Without leading and trailing white space of any kind (line breaks too).
    var trimmingWhitespace: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
