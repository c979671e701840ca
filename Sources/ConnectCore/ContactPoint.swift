/// An e-mail address or phone number with what kind it is ("work", "cell", "pref"…) and, when the
/// address book gave one, its own label ("Studio"). Kept as imported so an export gives it back.
public struct ContactPoint: Equatable, Hashable, Sendable {
    public var value: String
    /// Lower-case vCard TYPE values, without duplicates, in the order given.
    public var types: [String]
    public var label: String?

    public init(value: String, types: [String] = [], label: String? = nil) {
        self.value = value
        self.types = types
        self.label = label
    }

    /// The address in the form used to match people (`EmailAddress.key`).
    public var emailKey: String { EmailAddress.key(value) }
}
