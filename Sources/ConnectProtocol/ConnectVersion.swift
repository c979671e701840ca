/// Who we are, in one place: the version both executables report and what GetInfo says.
public enum ConnectVersion {
    public static let string = "0.2.0"
    public static let vendor = "connectd"
    public static let product = "connectd"
    /// Where to read more: the manual page installed with the binaries.
    public static let url = "man:connectd(1)"
}
