import CCurl
import Foundation

/// The numeric address and port libcurl is about to connect to.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    /// The TCP port.
    public let port: Int

    /// Creates an address from its bytes (4 or 16) and port.
    public init(bytes: [UInt8], port: Int) {
        self.bytes = bytes
        self.port = port
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { bytes.count == 16 }

    /// The address in its usual text form (`127.0.0.1`, `::1`), without the port.
    public var addressText: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv6 ? AF_INET6 : AF_INET
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        return ok ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    }

    /// `address:port`, with brackets around an IPv6 address.
    public var description: String { isIPv6 ? "[\(addressText)]:\(port)" : "\(addressText):\(port)" }

    /// Reads the address from a `struct sockaddr` of the given family, if it is IPv4 or IPv6.
    init?(family: Int32, sockaddr raw: UnsafeRawPointer) {
        switch family {
        case AF_INET:
            let address = raw.loadUnaligned(as: sockaddr_in.self)
            let value = address.sin_addr.s_addr  // network byte order in memory
            bytes = withUnsafeBytes(of: value) { Array($0) }
            port = Int(UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = raw.loadUnaligned(as: sockaddr_in6.self)
            bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
            port = Int(UInt16(bigEndian: address.sin6_port))
        default:
            return nil
        }
    }
}
