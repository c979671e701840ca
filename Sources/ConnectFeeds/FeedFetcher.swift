import CCurl
import Foundation

/// What one GET brought: a body (bounded), "not modified", or why nothing came, in words.
public enum FetchResult: Sendable {
    case body(bytes: [UInt8], etag: String?, lastModified: String?, url: URL)
    case notModified(etag: String?, lastModified: String?)
    case failed(String)
}

/// HTTP GETs with libcurl, the client under Foundation's URLSession on Linux, driven directly:
/// URLSession hands a body to its delegate asynchronously, and a server sending an endless body
/// without a length had put 150 MB in memory before the first cancel took effect. Here the
/// write callback stops the transfer the moment the body passes `maxBytes`. Also: the
/// validators of the last fetch (`If-None-Match`, `If-Modified-Since`), http and https only (on
/// redirects too), at most `maxRedirects` redirects, `timeout` seconds in all, compressed
/// bodies counted as they are decompressed, no cookies, nothing kept between runs.
public final class FeedFetcher: Sendable {
    public let maxBytes: Int
    public let maxRedirects = 5
    public let timeout: Double
    public let userAgent: String

    public init(maxBytes: Int = 2 << 20, timeout: Double = 30, userAgent: String) {
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.userAgent = userAgent
        _ = Self.initialized
    }

    private static let initialized: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    /// Runs on a thread of its own (libcurl blocks), so that several fetch at once. `publicOnly`:
    /// the connection (and every redirect's) must go to a public address, not this machine or a
    /// private network (a page of someone's, or a feed such a page names, chosen by others).
    public func get(_ address: String, etag: String? = nil, lastModified: String? = nil, publicOnly: Bool = false) async -> FetchResult {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: self.perform(address, etag: etag, lastModified: lastModified, publicOnly: publicOnly))
            }
        }
    }

    /// Loopback, private (RFC 1918, unique local), link-local, unspecified and CGNAT addresses.
    static func isPrivate(_ ip: String) -> Bool {
        let lower = ip.lowercased()
        if lower.contains(":") {
            if lower.hasPrefix("::ffff:") { return isPrivate(String(lower.dropFirst(7))) }
            return lower == "::1" || lower == "::" || lower.hasPrefix("fc") || lower.hasPrefix("fd") || lower.hasPrefix("fe8")
                || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb")
        }
        let parts = lower.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return true }
        switch (parts[0], parts[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }

    /// What the callbacks fill in; passed to them as an unmanaged pointer.
    private final class Transfer {
        var body: [UInt8] = []
        var tooLarge = false
        var publicOnly = false
        var refusedAddress: String?
        var headers: [String: String] = [:]
        let limit: Int
        init(limit: Int) { self.limit = limit }
    }

    func perform(_ address: String, etag: String?, lastModified: String?, publicOnly: Bool = false) -> FetchResult {
        let lower = address.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !address.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } ?? false }) else {
            return .failed("not an http or https address")
        }
        guard let curl = curl_easy_init() else { return .failed("libcurl could not start a transfer") }
        defer { curl_easy_cleanup(curl) }
        let transfer = Transfer(limit: maxBytes)
        transfer.publicOnly = publicOnly
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var headers: UnsafeMutablePointer<curl_slist>?
        headers = curl_slist_append(headers, "Accept: application/atom+xml, application/rss+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
        if let etag, !etag.contains(where: \.isNewline) { headers = curl_slist_append(headers, "If-None-Match: " + etag) }
        if let lastModified, !lastModified.contains(where: \.isNewline) { headers = curl_slist_append(headers, "If-Modified-Since: " + lastModified) }
        defer { curl_slist_free_all(headers) }
        _ = connectd_curl_string(curl, CURLOPT_URL, address)
        _ = connectd_curl_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = connectd_curl_string(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = connectd_curl_long(curl, CURLOPT_FOLLOWLOCATION, 1)
        _ = connectd_curl_long(curl, CURLOPT_MAXREDIRS, maxRedirects)
        _ = connectd_curl_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = connectd_curl_long(curl, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        _ = connectd_curl_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        _ = connectd_curl_offset(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxBytes))
        _ = connectd_curl_string(curl, CURLOPT_ACCEPT_ENCODING, "")
        _ = connectd_curl_string(curl, CURLOPT_USERAGENT, userAgent)
        _ = connectd_curl_list(curl, CURLOPT_HTTPHEADER, headers)
        _ = connectd_curl_pointer(curl, CURLOPT_WRITEDATA, context)
        _ = connectd_curl_function(curl, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard transfer.body.count + length <= transfer.limit else {
                transfer.tooLarge = true
                return 0
            }
            data.map { transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: $0, count: length)) }
            return length
        }
        _ = connectd_curl_pointer(curl, CURLOPT_HEADERDATA, context)
        _ = connectd_curl_function(curl, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard let data, length < 8192 else { return length }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            if line.hasPrefix("HTTP/") { transfer.headers = [:] } // a redirect's headers are not the answer's
            if let colon = line.firstIndex(of: ":"), transfer.headers.count < 100 {
                transfer.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return length
        }
        _ = connectd_curl_pointer(curl, CURLOPT_PREREQDATA, context)
        _ = connectd_curl_prereq_function(curl) { context, primary, _, _, _ in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let ip = primary.map { String(cString: $0) } ?? ""
            guard transfer.publicOnly, FeedFetcher.isPrivate(ip) else { return 0 } // CURL_PREREQFUNC_OK
            transfer.refusedAddress = ip
            return 1 // CURL_PREREQFUNC_ABORT
        }
        let code = curl_easy_perform(curl)
        if let refused = transfer.refusedAddress {
            return .failed("its address \(refused) is on this machine or a private network: a page of someone's is not followed there")
        }
        if transfer.tooLarge || code == CURLE_FILESIZE_EXCEEDED { return .failed("too large: more than \(maxBytes >> 20) MiB; not read") }
        switch code {
        case CURLE_OK: break
        case CURLE_TOO_MANY_REDIRECTS: return .failed("more than \(maxRedirects) redirects (a redirect loop?)")
        case CURLE_OPERATION_TIMEDOUT: return .failed("no answer within \(Int(timeout)) s")
        case CURLE_UNSUPPORTED_PROTOCOL: return .failed("redirected to a non-http address")
        default: return .failed(String(cString: curl_easy_strerror(code)))
        }
        let status = connectd_curl_response_code(curl)
        let (etag, lastModified) = (transfer.headers["etag"], transfer.headers["last-modified"])
        switch status {
        case 304: return .notModified(etag: etag, lastModified: lastModified)
        case 200..<300:
            let final = connectd_curl_effective_url(curl).map { String(cString: $0) } ?? address
            guard let url = URL(string: final) ?? URL(string: address) else { return .failed("not an address connectd can read") }
            return .body(bytes: transfer.body, etag: etag, lastModified: lastModified, url: url)
        case 404, 410: return .failed("HTTP \(status) (not found): check the address")
        default: return .failed("HTTP \(status)")
        }
    }
}
