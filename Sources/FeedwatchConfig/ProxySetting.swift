import Foundation

/// A proxy choice in feeds.yml (`settings.proxy`, a feed's `proxy`): a proxy URL, or `none` to
/// connect directly even when the environment names a proxy.
public enum ProxySetting: Sendable, Hashable {
    /// Connect directly (`proxy: none`).
    case direct
    /// Go through this proxy (`http://`, `https://`, `socks4://`, `socks4a://`, `socks5://` or `socks5h://`).
    case url(String)

    /// The schemes libcurl speaks to a proxy.
    public static let schemes = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]

    /// The value as libcurl's CURLOPT_PROXY takes it: the URL, or `""` for no proxy.
    public var curlValue: String {
        switch self {
        case .direct: ""
        case .url(let url): url
        }
    }
}
