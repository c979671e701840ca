#if canImport(Glibc)
import Glibc
#endif

/// The text of an errno value ("Permission denied").
public func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
