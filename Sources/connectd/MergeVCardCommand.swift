import ArgumentParser
import ConnectInterchange
import ConnectUnix

/// `connectd merge-vcard A B`: vdirsyncer's conflict resolver for the people collection. Two
/// machines changed the same person while apart; both versions are merged (`CardMerge.mergeFiles`)
/// and the result replaces both files, as `conflict_resolution = ["command", ...]` expects. What
/// cannot be merged safely is refused, and then nothing is written.
struct MergeVCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-vcard", abstract: "Merge two versions of one person's vCard into both files (for vdirsyncer's conflicts).")

    /// A card in a vdir is at most 1 MiB; more is not a card to merge.
    static let maxFileBytes = 16 << 20

    @Argument(help: "The first version (vdirsyncer passes side a's).") var first: String
    @Argument(help: "The second version (side b's).") var second: String

    func run() throws {
        let merged: String
        do {
            merged = try CardMerge.mergeFiles(try AtomicFile.read(first, limit: Self.maxFileBytes), try AtomicFile.read(second, limit: Self.maxFileBytes),
                                              names: (first, second), product: "-//connectd//connectd//EN")
        } catch {
            throw ValidationError("\(error); nothing was written.")
        }
        for (index, path) in [first, second].enumerated() {
            do {
                try AtomicFile.replace(path, with: Array(merged.utf8))
            } catch {
                throw ValidationError("\(error)" + (index == 0 ? "; nothing was written." : "; \(first) holds the merged card already."))
            }
        }
    }
}
