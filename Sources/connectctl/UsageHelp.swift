/// Help with mistyped command lines, before ArgumentParser answers with a bare "Unexpected
/// argument": the nearest subcommand for a typo, and what a value that starts with '-' means.
enum UsageHelp {
    /// Words people type for a subcommand that has another name.
    static let aliases = ["remove": "rm", "delete": "rm", "del": "rm", "list": "ls", "people": "ls", "new": "add", "info": "status",
                          "undelete": "restore", "reflection": "reflect", "nudge": "nudges", "interactions": "history"]

    /// The command line with `--birthday --05-17` written as `--birthday=--05-17` (and so for
    /// `--anniversary`): a date without a year starts with two dashes, which a parser would take
    /// for an option.
    static func joiningYearlessDates(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--birthday" || argument == "--anniversary", index + 1 < arguments.count, arguments[index + 1].hasPrefix("--"),
               arguments[index + 1].dropFirst(2).first?.isNumber == true {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// A sentence for the command line, when it has a mistake we can name; nil otherwise.
    static func problem(_ arguments: [String], subcommands: [String]) -> String? {
        if let word = arguments.first(where: { !$0.hasPrefix("-") }), !subcommands.contains(word), word != "help", arguments.first == word {
            if let suggestion = aliases[word.lowercased()] ?? nearest(word.lowercased(), among: subcommands) {
                return "'\(word)' is not a connectctl command; did you mean '\(suggestion)'? (connectctl --help lists them all)"
            }
            return "'\(word)' is not a connectctl command: connectctl --help lists them all."
        }
        // After "--" everything is a value, whatever it starts with.
        let options = Array(arguments.prefix { $0 != "--" })
        for (option, value) in zip(options, options.dropFirst()) where option.hasPrefix("--") && !option.contains("=") {
            guard value.hasPrefix("-"), let second = value.dropFirst().first, second.isNumber else { continue }
            switch option {
            case "--every": return "'--every \(value)': a cadence is a positive number and a unit, like 3w or 1m."
            case "--limit": return "'--limit \(value)': a limit is a positive number."
            default: return "'\(option) \(value)': a value cannot start with '-'; write \(option)=\(value) if you mean it."
            }
        }
        return nil
    }

    /// The subcommand within two edits of `word`, or that `word` is a prefix of; among equally
    /// near ones, the one that has every letter of `word` in order ("lg": log, not ls); nil if
    /// none or several remain.
    static func nearest(_ word: String, among names: [String]) -> String? {
        let prefixed = names.filter { $0.hasPrefix(word) && word.count >= 2 }
        if prefixed.count == 1 { return prefixed[0] }
        let scored = names.map { ($0, distance(word, $0)) }.filter { $0.1 <= 2 }.sorted { $0.1 < $1.1 }
        guard let best = scored.first else { return nil }
        let nearest = scored.filter { $0.1 == best.1 }.map(\.0)
        if nearest.count == 1 { return nearest[0] }
        let containing = nearest.filter { isSubsequence(word, of: $0) }
        return containing.count == 1 ? containing[0] : nil
    }

    private static func isSubsequence(_ word: String, of name: String) -> Bool {
        var rest = Substring(name)
        for character in word {
            guard let index = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: index)...]
        }
        return true
    }

    /// Levenshtein distance (small words only).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
