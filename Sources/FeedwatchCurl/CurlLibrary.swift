// FeedwatchCurl: the only Swift code that touches libcurl.
// Inputs: URLs and transfer settings from the stage modules. Outputs: bytes and response metadata
// through a delegate, and a `CurlResult` per finished transfer.
// Invariants: libcurl's global state is initialized exactly once per process, before any handle;
// every C handle is owned by one final class that frees it in `deinit`; no C type leaves this module.
import CCurl
import Foundation

/// Process-wide facts about the linked libcurl, and its one-time global initialization.
public enum CurlLibrary {
    /// Initializes libcurl's global state (once per process; later calls do nothing).
    public static func initialize() {
        _ = isInitialized
    }

    // A `static let` initializer runs exactly once, thread-safely (swift_once), which is what
    // curl_global_init needs: it is not thread-safe itself and must precede every other call.
    private static let isInitialized: Bool = fw_global_init_default() == CURLE_OK

    /// The libcurl version string, e.g. `7.88.1`.
    public static let version: String = {
        initialize()
        guard let info = fw_version_info(), let text = info.pointee.version else { return "unknown" }
        return String(cString: text)
    }()

    /// The content codings this libcurl can decode, in the order to advertise them
    /// (`gzip`, `deflate` with zlib; `br` with brotli; `zstd` with zstd).
    public static let supportedContentEncodings: [String] = {
        initialize()
        guard let info = fw_version_info() else { return [] }
        var encodings: [String] = []
        if fw_version_has_libz(info) != 0 { encodings += ["gzip", "deflate"] }
        if fw_version_has_brotli(info) != 0 { encodings.append("br") }
        if fw_version_has_zstd(info) != 0 { encodings.append("zstd") }
        return encodings
    }()

    /// `supportedContentEncodings` as one Accept-Encoding value (`gzip, deflate, br, zstd`).
    public static let acceptEncodingList: String = supportedContentEncodings.joined(separator: ", ")

    /// Parses an HTTP date (IMF-fixdate, RFC 850 or asctime, RFC 9110 section 5.6.7); `nil` when unreadable.
    public static func parseHTTPDate(_ text: String) -> Date? {
        let seconds = curl_getdate(text, nil)
        return seconds == -1 ? nil : Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
