import CCurl

/// The outcome libcurl reported for one finished transfer.
public struct CurlResult: Sendable, Equatable {
    /// The broad class of a failure, enough to decide between retrying and giving up.
    public enum Category: Sendable, Equatable {
        /// The transfer completed.
        case success
        /// The URL's scheme (or a redirect's) is not among the permitted protocols.
        case unsupportedProtocol
        /// The URL could not be parsed.
        case malformedURL
        /// A host or proxy name did not resolve.
        case dns
        /// No connection could be made (or one was refused by the connection check).
        case connect
        /// TLS handshake or certificate verification failed.
        case tls
        /// A connect, total or low-speed timeout expired.
        case timeout
        /// The redirect limit was reached.
        case tooManyRedirects
        /// A write callback stopped the transfer (for example at the body cap).
        case writeAborted
        /// The announced size exceeded the maximum file size.
        case fileTooLarge
        /// The server's bytes were not valid HTTP, were cut short, or the connection was reset.
        case transport
        /// Anything else.
        case other
    }

    /// libcurl's numeric CURLcode.
    public let code: Int
    /// The category of `code`.
    public let category: Category
    /// libcurl's detailed error text for this transfer (its error buffer), or its generic text.
    public let message: String

    /// Whether the transfer completed without a libcurl error.
    public var isSuccess: Bool { category == .success }

    init(code: CURLcode, detail: String) {
        self.code = Int(code.rawValue)
        category = Self.category(of: code)
        if !detail.isEmpty {
            message = detail
        } else {
            // Nearly every transfer succeeds: its text is made once, not once per transfer.
            message = code == CURLE_OK ? Self.successText : String(cString: curl_easy_strerror(code))
        }
    }

    private static let successText = String(cString: curl_easy_strerror(CURLE_OK))

    private static func category(of code: CURLcode) -> Category {
        switch code {
        case CURLE_OK: return .success
        case CURLE_UNSUPPORTED_PROTOCOL: return .unsupportedProtocol
        case CURLE_URL_MALFORMAT: return .malformedURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns
        case CURLE_COULDNT_CONNECT: return .connect
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE:
            return .tls
        case CURLE_TOO_MANY_REDIRECTS: return .tooManyRedirects
        case CURLE_WRITE_ERROR: return .writeAborted
        case CURLE_FILESIZE_EXCEEDED: return .fileTooLarge
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP3,
            CURLE_READ_ERROR:
            return .transport
        default: return .other
        }
    }
}
