import Foundation

/// Reads a URL host that is written as an IP address, in every spelling the resolver accepts.
enum IPAddressLiteral {
    /// The address bytes when `host` is an IP literal (`127.0.0.1`, `127.1`, `2130706433`,
    /// `0x7f000001`, `0177.0.0.1`, `[::1]`, `[::ffff:127.0.0.1]`); `nil` for a host name.
    static func bytes(of host: String) -> [UInt8]? {
        var text = host
        if text.hasPrefix("[") && text.hasSuffix("]") {
            text = String(text.dropFirst().dropLast())
            if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: address) { Array($0) }
        }
        // inet_aton accepts the legacy forms (1 to 4 parts, decimal, octal, hex) that getaddrinfo
        // and browsers accept too, which is exactly why each must be recognised here.
        var address = in_addr()
        guard inet_aton(text, &address) != 0 else { return nil }
        return withUnsafeBytes(of: address.s_addr) { Array($0) }
    }
}
