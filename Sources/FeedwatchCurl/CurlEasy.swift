import CCurl
import Foundation

/// Owns one libcurl easy handle (one transfer's settings and state); `curl_easy_cleanup` in `deinit`.
///
/// Not thread-safe: configure it on any one thread, then use it only from the thread that drives it.
public final class CurlEasy {
    /// The C handle; only this module sees it.
    let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed error text here (CURLOPT_ERRORBUFFER needs CURL_ERROR_SIZE bytes
    /// that stay valid for the handle's whole life, so it is freed in `deinit` after the cleanup).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Kept alive as long as the handle, which points at it (CURLOPT_HTTPHEADER does not copy).
    private var headerList: CurlStringList?
    /// Receives the callbacks. Weak: the delegate normally owns this handle.
    public weak var delegate: CurlTransferDelegate?

    /// Creates a handle with feedwatch's safe defaults: no signals (threaded resolver), callbacks
    /// routed to `delegate`, CONNECT responses of proxies hidden from the header callback.
    public init() throws(CurlError) {
        CurlLibrary.initialize()
        guard let handle = curl_easy_init() else { throw CurlError("creating an easy handle", reason: "out of memory") }
        self.handle = handle
        let size = Int(fw_error_size())
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        try applyDefaults()
    }

    /// Makes a finished handle as good as a new one, for another transfer: curl_easy_reset puts
    /// every option back to libcurl's default (it keeps only caches feedwatch does not use on an
    /// easy handle: cookies, alt-svc, and connections and DNS, which live in the multi handle), then
    /// feedwatch's safe defaults and callbacks are set again. Reusing a handle spares libcurl its
    /// allocation (and its receive buffer's) for every transfer. Call it only on a handle that no
    /// multi handle holds.
    public func reset() throws(CurlError) {
        delegate = nil
        curl_easy_reset(handle)
        headerList = nil  // the handle no longer points at it
        errorBuffer[0] = 0
        try applyDefaults()
    }

    private func applyDefaults() throws(CurlError) {
        try check(fw_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        installCallbacks()
    }

    deinit {
        // Swift releases stored properties after this body, so the header list outlives the handle.
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    // MARK: Settings

    /// Sets the URL to fetch.
    public func setURL(_ url: String) throws(CurlError) { try set(CURLOPT_URL, url) }

    /// Sets the request headers (`Name: value` lines), replacing earlier ones.
    public func setHeaders(_ lines: [String]) throws(CurlError) {
        let list = try CurlStringList(lines)
        try check(fw_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, list.pointer), "CURLOPT_HTTPHEADER")
        headerList = list
    }

    /// Sets the User-Agent header.
    public func setUserAgent(_ agent: String) throws(CurlError) { try set(CURLOPT_USERAGENT, agent) }

    /// Advertises these content codings and decodes responses that use them.
    public func setAcceptEncoding(_ encodings: [String]) throws(CurlError) {
        try setAcceptEncoding(list: encodings.joined(separator: ", "))
    }

    /// `setAcceptEncoding` with the codings already joined (`"gzip, deflate"`), as a fetcher sets the
    /// same list on every transfer.
    public func setAcceptEncoding(list: String) throws(CurlError) {
        try set(CURLOPT_ACCEPT_ENCODING, list)
    }

    /// Restricts the protocols of the URL and of redirect targets (e.g. `["http", "https"]`).
    public func setProtocols(_ protocols: [String], redirects: [String]) throws(CurlError) {
        try setProtocols(list: protocols.joined(separator: ","), redirects: redirects.joined(separator: ","))
    }

    /// `setProtocols` with each list already joined (`"http,https"`).
    public func setProtocols(list protocols: String, redirects: String) throws(CurlError) {
        try set(CURLOPT_PROTOCOLS_STR, protocols)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, redirects)
    }

    /// Follows up to `maximum` redirects (0 disables following).
    public func setRedirects(maximum: Int) throws(CurlError) {
        try set(CURLOPT_FOLLOWLOCATION, maximum > 0 ? 1 : 0)
        try set(CURLOPT_MAXREDIRS, maximum)
    }

    /// Sets the connect and total timeouts and the low-speed abort (below `lowSpeedLimit` bytes a
    /// second for `lowSpeedTime`).
    public func setTimeouts(
        connect: TimeInterval, total: TimeInterval, lowSpeedLimit: Int, lowSpeedTime: TimeInterval
    ) throws(CurlError) {
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(connect * 1000))
        try set(CURLOPT_TIMEOUT_MS, Int(total * 1000))
        try set(CURLOPT_LOW_SPEED_LIMIT, lowSpeedLimit)
        try set(CURLOPT_LOW_SPEED_TIME, max(1, Int(lowSpeedTime.rounded(.up))))
    }

    /// Refuses up front a response whose announced (encoded) length exceeds `bytes`.
    public func setMaximumFileSize(_ bytes: Int) throws(CurlError) {
        try check(fw_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(bytes)), "CURLOPT_MAXFILESIZE_LARGE")
    }

    /// Uses this proxy (`nil` leaves libcurl's default: the `http_proxy`/`https_proxy`/`all_proxy`/`no_proxy` environment).
    public func setProxy(_ proxy: String?) throws(CurlError) {
        if let proxy { try set(CURLOPT_PROXY, proxy) }
    }

    /// Prefers waiting for an HTTP/2 connection to multiplex on over opening a new one.
    public func setPreferMultiplexing(_ prefer: Bool) throws(CurlError) {
        try set(CURLOPT_PIPEWAIT, prefer ? 1 : 0)
    }

    // MARK: Information after (or during) the transfer

    /// The last response's HTTP status (0 when none arrived).
    public var responseCode: Int { Int(getLong(CURLINFO_RESPONSE_CODE)) }
    /// The URL of the last request made (after redirects).
    public var effectiveURL: String? { getString(CURLINFO_EFFECTIVE_URL) }
    /// How many redirects were followed.
    public var redirectCount: Int { Int(getLong(CURLINFO_REDIRECT_COUNT)) }
    /// The last response's Content-Type.
    public var contentType: String? { getString(CURLINFO_CONTENT_TYPE) }
    /// The address of the last connection.
    public var primaryIP: String? { getString(CURLINFO_PRIMARY_IP) }

    /// The detailed error text libcurl left for the last failure (empty when none).
    var errorText: String { String(cString: errorBuffer) }

    /// Clears the error text before a new transfer.
    func resetErrorText() { errorBuffer[0] = 0 }

    // MARK: C plumbing

    private func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(fw_easy_setopt_long(handle, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        // libcurl copies string options (since 7.17), so the temporary C string may go away after.
        try check(fw_easy_setopt_string(handle, option, value), "option \(option.rawValue)")
    }

    // The name is an autoclosure: building it for every successful call showed up in profiles.
    private func check(_ code: CURLcode, _ option: @autoclosure () -> String) throws(CurlError) {
        if code != CURLE_OK { throw CurlError("setting \(option())", code: code) }
    }

    private func getLong(_ info: CURLINFO) -> Int {
        var value = 0
        return fw_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    private func getString(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard fw_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func installCallbacks() {
        // Unmanaged pairing: the callbacks get `self` UNRETAINED, so there is no release to balance.
        // That is safe because libcurl calls them only from curl_multi_perform while this handle is
        // attached to a CurlMulti, and CurlMulti.add takes a +1 retain on `self` (passRetained) that
        // CurlMulti.remove balances (release) only after curl_multi_remove_handle has detached it.
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = fw_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = fw_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = fw_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, context)
        _ = fw_easy_setopt_write_function(handle, curlWriteBody)
        _ = fw_easy_setopt_header_function(handle, curlWriteHeader)
        _ = fw_easy_setopt_opensocket_function(handle, curlOpenSocket)
    }
}

/// CURLOPT_WRITEFUNCTION: hands the decoded bytes to the delegate; returning less than the size aborts.
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()  // see installCallbacks
    let length = size * count
    guard let delegate = easy.delegate else { return 0 }
    return delegate.curlTransfer(receivedBody: UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// CURLOPT_HEADERFUNCTION: one complete header line per call.
private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()  // see installCallbacks
    let length = size * count
    guard let delegate = easy.delegate else { return 0 }
    return delegate.curlTransfer(receivedHeaderLine: UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// CURLOPT_OPENSOCKETFUNCTION: the last moment before a connection, with the resolved address
/// libcurl will really use (after DNS, for every redirect hop and every happy-eyeballs attempt).
private func curlOpenSocket(
    _ context: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let context, let address else { return fw_socket_bad() }
    let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()  // see installCallbacks
    // `addr` is the last member; libcurl allocates room for the largest address behind it.
    let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
    let raw = UnsafeRawPointer(address).advanced(by: offset)
    let family = address.pointee.family
    guard let target = SocketAddress(family: family, sockaddr: raw),
        let delegate = easy.delegate, delegate.curlTransfer(mayConnectTo: target)
    else { return fw_socket_bad() }
    return socket(family, address.pointee.socktype, address.pointee.protocol)
}
