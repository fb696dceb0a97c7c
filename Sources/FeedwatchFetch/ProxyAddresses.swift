import FeedwatchCurl
import Foundation

/// The addresses of the proxies libcurl may connect through (configured, or from the environment
/// variables libcurl reads), so the private-address check does not refuse a proxy on the LAN.
enum ProxyAddresses {
    /// Resolves the configured proxy, or else the environment's, once.
    static func resolve(configuredProxy: String?) -> Set<SocketAddress> {
        let environment = ProcessInfo.processInfo.environment
        let names = ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        let proxies = configuredProxy.map { [$0] } ?? names.compactMap { environment[$0] }
        var addresses: Set<SocketAddress> = []
        for proxy in proxies where !proxy.isEmpty {
            // libcurl treats a proxy without a scheme as http:// and defaults its port to 1080.
            let text = proxy.contains("://") ? proxy : "http://\(proxy)"
            guard let url = CurlURL(text) else { continue }
            addresses.formUnion(lookup(host: url.host, port: url.explicitPort ?? 1080))
        }
        return addresses
    }

    private static func lookup(host: String, port: Int) -> [SocketAddress] {
        var name = host
        if name.hasPrefix("[") { name = String(name.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, String(port), &hints, &results) == 0 else { return [] }
        defer { freeaddrinfo(results) }
        var found: [SocketAddress] = []
        var cursor = results
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    let value = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in.self)
                    found.append(SocketAddress(bytes: withUnsafeBytes(of: value.sin_addr.s_addr) { Array($0) }, port: port))
                case AF_INET6:
                    let value = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self)
                    found.append(SocketAddress(bytes: withUnsafeBytes(of: value.sin6_addr) { Array($0) }, port: port))
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}
