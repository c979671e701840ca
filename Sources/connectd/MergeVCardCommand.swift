import ArgumentParser
import ConnectInterchange
import Foundation

/// `connectd merge-vcard A B`: vdirsyncer's conflict resolver for the people collection. Two
/// machines changed the same person while apart; both versions are merged field by field (each
/// field from the side that changed it last, lists joined) and the result is written to both
/// files, which is what vdirsyncer's `conflict_resolution = ["command", ...]` expects.
struct MergeVCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-vcard", abstract: "Merge two versions of one person's vCard into both files (for vdirsyncer's conflicts).")

    @Argument(help: "The first version (vdirsyncer passes side a's).") var first: String
    @Argument(help: "The second version (side b's).") var second: String

    func run() throws {
        let a = try Self.card(first)
        let b = try Self.card(second)
        guard a.uid == b.uid else {
            throw ValidationError("\(first) and \(second) are different people (UID \(a.uid ?? "none") and \(b.uid ?? "none")); nothing was written.")
        }
        let merged = CardMerge.merge(a, b, policy: .conflict(a, b)).card
        let text = Data(VCardWriter.card(merged, product: "-//connectd//connectd//EN").utf8)
        for path in [first, second] {
            do {
                try text.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ValidationError("could not write the merged card to \(path): \(error.localizedDescription)")
            }
        }
    }

    static func card(_ path: String) throws -> ContactRecord {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path); nothing was written.") }
        var reader = VCardReader(source: MemoryBytes(Array(data)))
        guard case .contact(let contact)? = try? reader.next() else {
            throw ValidationError("\(path) is not a vCard connectd can read; nothing was written.")
        }
        return contact
    }
}
