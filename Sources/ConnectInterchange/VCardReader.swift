import ConnectCore
import Foundation

/// Reads vCard 2.1, 3.0 and 4.0 files card by card, in bounded memory: each card becomes an
/// `ContactRecord`, each line or card that cannot be used an `ImportProblem` with its line.
/// Lenient where real exporters are sloppy (missing END, a line without ':', a BOM, `\:` in
/// URLs, folds inside UTF-8 sequences), and never guesses a value it cannot read.
public struct VCardReader<Source: ByteSource> {
    private var lines: VCardLineReader<Source>
    private var queue: [ImportItem] = []
    private var card: CardBuilder?
    private var outsideReported = false
    private var finished = false

    public init(source: Source) {
        lines = VCardLineReader(source: source)
    }

    /// The next contact or problem, in file order; nil at the end.
    public mutating func next() throws -> ImportItem? {
        while queue.isEmpty, !finished { try step() }
        return queue.isEmpty ? nil : queue.removeFirst()
    }

    private mutating func step() throws {
        let oversizedBefore = lines.oversized.count
        guard let line = try lines.next() else {
            report(oversizedFrom: oversizedBefore)
            if let open = card {
                queue.append(.problem(ImportProblem(line: open.line, message: "the card that starts here has no END:VCARD; it was read up to the end of the file")))
                finish(open)
            }
            card = nil
            finished = true
            return
        }
        report(oversizedFrom: oversizedBefore)
        guard let content = VCardContentLine(line.bytes) else {
            if card != nil {
                queue.append(.problem(ImportProblem(line: line.number, message: "a content line without ':' was left out")))
            } else if !outsideReported {
                queue.append(.problem(ImportProblem(line: line.number, message: "text outside BEGIN:VCARD ... END:VCARD was left out")))
                outsideReported = true
            }
            return
        }
        let value = String(decoding: content.rawValue, as: UTF8.self).trimmingCharacters(in: .whitespaces).uppercased()
        if content.name == "BEGIN", value == "VCARD" {
            if let open = card {
                queue.append(.problem(ImportProblem(line: line.number, message: "BEGIN:VCARD while the card from line \(open.line) is still open (missing END:VCARD); that card ends here")))
                finish(open)
            }
            card = CardBuilder(line: line.number)
            outsideReported = false
            return
        }
        guard var open = card else {
            if !outsideReported {
                queue.append(.problem(ImportProblem(line: line.number, message: "text outside BEGIN:VCARD ... END:VCARD was left out")))
                outsideReported = true
            }
            return
        }
        if content.name == "END", value == "VCARD" {
            finish(open)
            card = nil
            return
        }
        open.add(content, line: line.number)
        card = open
    }

    private mutating func report(oversizedFrom start: Int) {
        for number in lines.oversized.dropFirst(start) {
            queue.append(.problem(ImportProblem(line: number, message: "a line longer than 8 MiB was left out")))
        }
    }

    private mutating func finish(_ builder: CardBuilder) {
        switch builder.build() {
        case .success(let contact): queue.append(.contact(contact))
        case .failure(let problem): queue.append(.problem(problem))
        }
    }
}

/// The properties of one card as they come, then the contact they make.
private struct CardBuilder {
    let line: Int
    var version = "3.0"
    var formattedName: String?
    var nameParts: [String] = []
    var organization: [String] = []
    var labels: [String: String] = [:]
    var pendingLabels: [(group: String, kind: Kind, index: Int)] = []
    var kind: String?
    var contact: ContactRecord

    enum Kind { case email, phone, url }

    init(line: Int) {
        self.line = line
        contact = ContactRecord(line: line, name: "")
    }

    /// Takes one property; a value that cannot be read is noted in the contact's `leftOut` (the
    /// card itself is still used).
    mutating func add(_ content: VCardContentLine, line number: Int) {
        let binary = content.encoding == "b" || content.encoding == "base64"
        switch content.name {
        case "PHOTO", "LOGO", "SOUND", "KEY", "AGENT": return
        default: break
        }
        if binary { return }
        guard let decoded = VCardText.decode(content.rawValue, quotedPrintable: content.encoding == "quoted-printable",
                                             charset: content.parameter("CHARSET")) else {
            contact.leftOut.append("the \(content.name) on line \(number) (not valid text in its character set)")
            return
        }
        let text = decoded.trimmingCharacters(in: .whitespaces)
        let cardVersion = version
        func unescaped() -> String { VCardText.unescape(text, version: cardVersion).trimmingCharacters(in: .whitespacesAndNewlines) }
        switch content.name {
        case "VERSION": version = text
        case "FN": formattedName = unescaped()
        case "N": nameParts = VCardText.split(text, on: ";").map { VCardText.unescape($0, version: version).trimmingCharacters(in: .whitespaces) }
        case "ORG": organization = VCardText.split(text, on: ";").map { VCardText.unescape($0, version: version).trimmingCharacters(in: .whitespaces) }
        case "TITLE": contact.title = nonEmpty(unescaped())
        case "NOTE": contact.note = nonEmpty(unescaped())
        case "UID": contact.uid = nonEmpty(unescaped())
        case "KIND": kind = text.lowercased()
        case "EMAIL":
            if let value = nonEmpty(unescaped()) {
                contact.emails.append(ContactPoint(value: value, types: content.types.filter { $0 != "internet" }, label: content.parameter("LABEL")))
                remember(content.group, .email, contact.emails.count - 1)
            }
        case "TEL":
            var value = unescaped()
            if value.lowercased().hasPrefix("tel:") { value = String(value.dropFirst(4)) }
            if let value = nonEmpty(value) {
                contact.phones.append(ContactPoint(value: value, types: content.types, label: content.parameter("LABEL")))
                remember(content.group, .phone, contact.phones.count - 1)
            }
        case "URL", "X-SOCIALPROFILE":
            if let value = nonEmpty(unescaped()), value.contains(":") || value.contains(".") {
                contact.urls.append(value)
                remember(content.group, .url, contact.urls.count - 1)
            }
        case "CATEGORIES":
            contact.categories += VCardText.split(text, on: ",").compactMap { nonEmpty(VCardText.unescape($0, version: version).trimmingCharacters(in: .whitespaces)) }
        case "BDAY":
            guard content.parameter("VALUE")?.lowercased() != "text" else { return }
            guard var birthday = Birthday.parse(text) else {
                contact.leftOut.append("the birthday '\(text.prefix(40))' (not a date like 1990-05-17 or --05-17)")
                return
            }
            if let omitted = content.parameter("X-APPLE-OMIT-YEAR"), Int(omitted) == birthday.year {
                birthday = Birthday(year: nil, month: birthday.month, day: birthday.day) ?? birthday
            }
            contact.birthday = birthday
        case "REV": contact.revision = VCardDate.timestamp(text)
        case "X-ABLABEL":
            if let group = content.group { labels[group] = Self.appleLabel(unescaped()) }
        case "X-CONNECTD-CADENCE": contact.cadence = nonEmpty(unescaped())
        case "X-CONNECTD-MET": contact.met = nonEmpty(unescaped())
        case "X-CONNECTD-INTO": contact.interests = nonEmpty(unescaped())
        case "X-CONNECTD-LAST-CONTACT": contact.lastContact = VCardDate.timestamp(text)
        case "X-CONNECTD-IGNORED": contact.ignored = text.lowercased() == "true"
        case "X-CONNECTD-DUE": contact.dueOverride = VCardDate.timestamp(text)
        case "X-CONNECTD-ADDED": contact.addedAt = VCardDate.timestamp(text)
        case "X-CONNECTD-FIELD-REV":
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, let field = PersonField(rawValue: parts[0].trimmingCharacters(in: .whitespaces)),
                   let date = VCardDate.timestamp(parts[1].trimmingCharacters(in: .whitespaces)) {
                    contact.fieldRevisions[field] = date
                }
            }
        default: break
        }
    }

    private mutating func remember(_ group: String?, _ kind: Kind, _ index: Int) {
        if let group { pendingLabels.append((group, kind, index)) }
    }

    /// Apple's `_$!<HomePage>!$_` codes become plain words; custom labels stay as written.
    static func appleLabel(_ label: String) -> String {
        guard label.hasPrefix("_$!<"), label.hasSuffix(">!$_") else { return label }
        return String(label.dropFirst(4).dropLast(4)).lowercased()
    }

    private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// The contact, or why the card is not one.
    func build() -> Result<ContactRecord, ImportProblem> {
        if kind == "group" || kind == "location" {
            return .failure(ImportProblem(line: line, message: "a \(kind ?? "") card (not a person) was left out"))
        }
        var contact = self.contact
        for (group, kind, index) in pendingLabels {
            guard let label = labels[group] else { continue }
            switch kind {
            case .email: contact.emails[index].label = label
            case .phone: contact.phones[index].label = label
            case .url: break
            }
        }
        contact.organization = organization.first.flatMap(nonEmpty)
        let fromN = [nameParts.count > 3 ? nameParts[3] : "", nameParts.count > 1 ? nameParts[1] : "",
                     nameParts.count > 2 ? nameParts[2] : "", nameParts.first ?? "", nameParts.count > 4 ? nameParts[4] : ""]
            .filter { !$0.isEmpty }.joined(separator: " ")
        let candidates = [formattedName ?? "", fromN, contact.organization ?? "", contact.emails.first?.value ?? "", contact.phones.first?.value ?? ""]
        guard let name = candidates.first(where: { !$0.isEmpty }) else {
            return .failure(ImportProblem(line: line, message: "a card without any name, organization, e-mail address or phone number was left out"))
        }
        contact.name = name
        return .success(contact)
    }
}
