import FeedwatchCurl
import Foundation

/// Decides whether a transfer may connect to an address: public addresses always, non-public ones
/// only when the feed allows private destinations or names this host in its allow list.
struct DestinationPolicy: Sendable {
    /// Whether any destination is permitted (`allow_private: true`).
    let allowPrivate: Bool
    /// `host`, `host:port`, `address` or `address:port` entries, lowercased.
    let allowedHosts: Set<String>
    /// The configured proxies' addresses: connecting to them is permitted (the proxy resolves the
    /// feed's host, so the check then falls to the URL's host when that is an IP literal).
    let proxyAddresses: Set<SocketAddress>

    init(request: FetchRequest, proxyAddresses: Set<SocketAddress>) {
        allowPrivate = request.allowPrivate
        allowedHosts = Set(request.allowedHosts.map { $0.lowercased() })
        self.proxyAddresses = proxyAddresses
    }

    /// Why connecting to `address` for the URL `url` is refused, or `nil` when it is permitted.
    func refusal(connectingTo address: SocketAddress, for url: CurlURL?) -> Refusal? {
        if allowPrivate { return nil }
        if proxyAddresses.contains(address) {
            guard let url, let literal = IPAddressLiteral.bytes(of: url.host) else { return nil }
            return refusal(bytes: literal, port: url.port, url: url, shown: url.host)
        }
        return refusal(bytes: address.bytes, port: address.port, url: url, shown: address.addressText)
    }

    /// Why fetching `url` is refused before any connection, when its host is a non-public IP literal.
    func refusal(beforeConnecting url: CurlURL) -> Refusal? {
        if allowPrivate { return nil }
        guard let literal = IPAddressLiteral.bytes(of: url.host) else { return nil }
        return refusal(bytes: literal, port: url.port, url: url, shown: url.host)
    }

    private func refusal(bytes: [UInt8], port: Int, url: CurlURL?, shown: String) -> Refusal? {
        let scope = AddressScope(addressBytes: bytes)
        if scope == .public { return nil }
        if isAllowed(bytes: bytes, port: port, url: url) { return nil }
        let hostText = url?.host ?? shown
        return Refusal(scope: scope, address: shown, allowHint: "\(hostText):\(url?.port ?? port)")
    }

    private func isAllowed(bytes: [UInt8], port: Int, url: CurlURL?) -> Bool {
        if allowedHosts.isEmpty { return false }
        // The spellings a user most often allows (the URL's own host and host:port) first, without
        // building the list of every spelling.
        if let url, allowedHosts.contains(url.hostAndPort) || allowedHosts.contains(url.host) { return true }
        var candidates: [String] = []
        let address = SocketAddress(bytes: bytes, port: port)
        let text = address.addressText
        candidates += [text, "[\(text)]", address.description]
        if AddressScope(addressBytes: bytes) == .ipv4Mapped {
            let embedded = SocketAddress(bytes: Array(bytes[12..<16]), port: port)
            candidates += [embedded.addressText, embedded.description]
        }
        if let url {
            candidates += [url.host, url.hostAndPort]
            if url.host.hasPrefix("[") { candidates.append(String(url.host.dropFirst().dropLast())) }
        }
        return candidates.contains { allowedHosts.contains($0) }
    }
}
