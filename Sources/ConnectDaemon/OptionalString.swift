import Foundation

extension Optional where Wrapped == String {
    /// The trimmed string, or nil when absent or blank: how optional text fields are stored.
    var nonBlank: String? {
        guard let text = self?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

extension String {
    var nonBlank: String? { Optional(self).nonBlank }
}
