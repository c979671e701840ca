import Foundation

/// The one rule for telling whether two e-mail addresses are the same: trimmed, lower-cased as
/// a whole (in practice no mail system tells "Ada" from "ada"), and the domain in Unicode: an
/// internationalized domain written in ASCII ("xn--bcher-kva.example", RFC 3492 Punycode) is
/// the same as the one written in its own letters ("bücher.example"), in Unicode's composed form.
public enum EmailAddress {
    /// A name to start from for someone known only by their address: "ada.lovelace@…" is Ada
    /// Lovelace, "grace_hopper+news@…" Grace Hopper; a local part that is not words (digits,
    /// "info", one letter) leaves the address itself.
    public static func guessedName(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        let local = address[..<at].split(separator: "+", maxSplits: 1).first ?? ""
        let words = local.split(whereSeparator: { ".-_".contains($0) })
        guard (1...4).contains(words.count), words.allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) }),
              !["info", "mail", "contact", "hello", "office", "team", "support", "admin", "noreply", "no"].contains(words[0].lowercased())
        else { return address }
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    /// The form addresses are stored and looked up in.
    public static func key(_ raw: String) -> String {
        let address = raw.trimmingSpaces.lowercased()
        guard let at = address.lastIndex(of: "@") else { return address }
        let domain = address[address.index(after: at)...]
        guard domain.contains("xn--") || !domain.allSatisfy(\.isASCII) else { return address }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard label.hasPrefix("xn--"), let decoded = Punycode.decode(label.dropFirst(4)) else { return String(label) }
            return decoded
        }
        return String(address[..<at]) + "@" + labels.joined(separator: ".").precomposedStringWithCanonicalMapping
    }
}

/// RFC 3492's decoder, with every step of its arithmetic checked: a label that overflows, is
/// longer than DNS allows or decodes to no character is nil (and the label stays as written).
enum Punycode {
    static func decode(_ label: Substring) -> String? {
        let input = Array(label.utf8)
        guard input.count <= 63 else { return nil }
        let (base, tMin, tMax) = (36, 1, 26)
        var output: [Unicode.Scalar] = []
        var position = 0
        if let dash = input.lastIndex(of: UInt8(ascii: "-")) {
            for byte in input[..<dash] {
                guard byte < 0x80 else { return nil }
                output.append(Unicode.Scalar(byte))
            }
            position = dash + 1
        }
        var (n, i, bias) = (128, 0, 72)
        while position < input.count {
            let old = i
            var (w, k) = (1, base)
            while true {
                guard position < input.count, let digit = value(input[position]) else { return nil }
                position += 1
                let (product, overflowA) = digit.multipliedReportingOverflow(by: w)
                let (sum, overflowB) = i.addingReportingOverflow(product)
                guard !overflowA, !overflowB else { return nil }
                i = sum
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (next, overflowC) = w.multipliedReportingOverflow(by: base - t)
                guard !overflowC else { return nil }
                w = next
                k += base
                guard k < 10_000 else { return nil }
            }
            let count = output.count + 1
            bias = adapt(i - old, count: count, first: old == 0)
            let (sum, overflow) = n.addingReportingOverflow(i / count)
            guard !overflow else { return nil }
            n = sum
            i %= count
            guard let scalar = Unicode.Scalar(UInt32(clamping: n)), n <= 0x10FFFF else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: output)
        return text
    }

    private static func value(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 26
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        default: nil
        }
    }

    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / 700 : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((36 - 1) * 26) / 2 {
            delta /= 36 - 1
            k += 36
        }
        return k + (36 - 1 + 1) * delta / (delta + 38)
    }
}
