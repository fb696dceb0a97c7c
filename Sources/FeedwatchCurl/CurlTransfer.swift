// One-shot transfers for the notifier: one SMTP message or one HTTP POST per call with libcurl's easy
// interface, on a thread of its own so the blocking transfer never occupies a Swift concurrency thread.
// (Feed fetching, many transfers at once, goes through CurlMulti instead.)
import CCurl
import Foundation

/// What an SMTP or HTTP transfer needs beyond its URL.
public struct CurlOptions: Sendable {
    /// Seconds to establish the connection (TCP and TLS).
    public var connectTimeout: Int = 15
    /// Seconds for the whole transfer.
    public var timeout: Int = 60
    /// A CA bundle to trust instead of the system's (for a private mail server); checks stay on.
    public var caFile: String?

    /// Creates transfer options.
    public init(connectTimeout: Int = 15, timeout: Int = 60, caFile: String? = nil) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.caFile = caFile
    }
}

/// The outcome of a transfer that libcurl completed or gave up on.
public struct CurlOutcome: Sendable {
    /// libcurl's result code (0: success).
    public var code: Int
    /// The last SMTP reply code or HTTP status (0 when the server never answered).
    public var responseCode: Int
    /// libcurl's error text, or empty.
    public var errorText: String
    /// The first bytes of the HTTP response body (for error messages).
    public var responseExcerpt: String

    /// Creates an outcome.
    public init(code: Int, responseCode: Int, errorText: String, responseExcerpt: String) {
        self.code = code
        self.responseCode = responseCode
        self.errorText = errorText
        self.responseExcerpt = responseExcerpt
    }
}

extension CurlOutcome {
    /// libcurl could not even build the transfer's lists (CURLE_OUT_OF_MEMORY).
    static let outOfMemory = CurlOutcome(
        code: Int(CURLE_OUT_OF_MEMORY.rawValue), responseCode: 0, errorText: "out of memory", responseExcerpt: "")
}

/// One SMTP message or one HTTP POST, each a single blocking easy transfer on its own thread.
public enum CurlTransfer {
    /// Sends `message` (CRLF lines) over SMTP to `url` (`smtp://` or `smtps://`).
    public static func sendMail(
        url: String, from: String, recipients: [String], message: Data, username: String?, password: String?,
        requireTLS: Bool, options: CurlOptions
    ) async -> CurlOutcome {
        await onOwnThread {
            let handle = OneShotHandle()
            handle.set(CURLOPT_URL, url)
            // smtp:// and smtps:// only: a URL in the configuration cannot turn this into another protocol.
            handle.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            handle.set(CURLOPT_MAIL_FROM, "<\(from)>")
            guard let recipientList = try? CurlStringList(recipients.map { "<\($0)>" }) else { return .outOfMemory }
            _ = fw_easy_setopt_pointer(handle.raw, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(recipientList.pointer))
            if requireTLS { handle.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
            if let username { handle.set(CURLOPT_USERNAME, username) }
            if let password { handle.set(CURLOPT_PASSWORD, password) }
            handle.set(CURLOPT_UPLOAD, 1)
            handle.set(CURLOPT_INFILESIZE_LARGE, message.count)
            let source = ReadSource(message)
            _ = fw_easy_setopt_read_function(handle.raw, readCallback)
            // Unretained: `source` outlives the transfer (withExtendedLifetime below), so no retain is needed.
            _ = fw_easy_setopt_pointer(handle.raw, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
            handle.apply(options)
            return withExtendedLifetime((source, recipientList)) { handle.perform() }
        }
    }

    /// POSTs `body` to `url` (http:// or https://, redirects not followed) with the given headers.
    public static func post(url: String, body: Data, headers: [String], options: CurlOptions) async -> CurlOutcome {
        await onOwnThread {
            let handle = OneShotHandle()
            handle.set(CURLOPT_URL, url)
            handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
            handle.set(CURLOPT_POST, 1)
            handle.set(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
            // COPYPOSTFIELDS copies the bytes now (POSTFIELDSIZE is set first, so embedded NULs are fine).
            body.withUnsafeBytes { bytes in
                _ = fw_easy_setopt_pointer(
                    handle.raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
            // "Expect:" turns off the 100-continue round trip libcurl would add for larger bodies.
            guard let headerList = try? CurlStringList(headers + ["Expect:"]) else { return .outOfMemory }
            _ = fw_easy_setopt_pointer(handle.raw, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList.pointer))
            let sink = ResponseSink()
            _ = fw_easy_setopt_write_function(handle.raw, writeCallback)
            // Unretained: `sink` outlives the transfer (withExtendedLifetime below).
            _ = fw_easy_setopt_pointer(handle.raw, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
            handle.apply(options)
            var outcome = withExtendedLifetime((sink, headerList)) { handle.perform() }
            outcome.responseExcerpt = String(decoding: sink.data, as: UTF8.self)
            return outcome
        }
    }

    /// Runs the blocking transfer on a new thread and resumes the caller when it is done.
    private static func onOwnThread(_ work: @escaping @Sendable () -> CurlOutcome) async -> CurlOutcome {
        CurlLibrary.initialize()
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

/// Owns one easy handle; frees it in deinit.
private final class OneShotHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init() {
        // curl_easy_init fails only when out of memory; nothing sensible remains to do then.
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        raw = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = fw_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
        set(CURLOPT_NOSIGNAL, 1)  // no SIGALRM for timeouts in a multi-threaded process
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) { _ = fw_easy_setopt_long(raw, option, value) }

    /// libcurl copies string options (since 7.17), so the Swift string need not outlive the call.
    func set(_ option: CURLoption, _ value: String) { _ = fw_easy_setopt_string(raw, option, value) }

    func apply(_ options: CurlOptions) {
        set(CURLOPT_CONNECTTIMEOUT, options.connectTimeout)
        set(CURLOPT_TIMEOUT, options.timeout)
        // Certificate and host name checks are libcurl's defaults; they are set anyway so no default can loosen them.
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = options.caFile { set(CURLOPT_CAINFO, caFile) }
    }

    func perform() -> CurlOutcome {
        let code = curl_easy_perform(raw)
        var response = 0
        _ = fw_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &response)
        var text = String(cString: errorBuffer)
        if text.isEmpty, code != CURLE_OK { text = String(cString: curl_easy_strerror(code)) }
        return CurlOutcome(code: Int(code.rawValue), responseCode: response, errorText: text, responseExcerpt: "")
    }
}

/// The bytes an upload reads from.
private final class ReadSource {
    let data: Data
    var offset = 0
    init(_ data: Data) { self.data = data }
}

/// The first bytes of a response body, for error messages.
private final class ResponseSink {
    var data = Data()
}

private let readCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer, size, count, userData in
    guard let buffer, let userData else { return 0 }
    let source = Unmanaged<ReadSource>.fromOpaque(userData).takeUnretainedValue()
    let length = min(size * count, source.data.count - source.offset)
    guard length > 0 else { return 0 }
    source.data.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}

private let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer, size, count, userData in
    guard let buffer, let userData else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userData).takeUnretainedValue()
    let length = size * count
    if sink.data.count < 512 { sink.data.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: min(length, 512 - sink.data.count)) }
    return length  // the rest is read and dropped: the status is what matters
}
