import Foundation

/// Where an IP address leads, as far as refusing non-public destinations is concerned.
public enum AddressScope: String, Sendable, Equatable {
    /// A globally routable address: always permitted.
    case `public`
    /// 127.0.0.0/8 and ::1: this machine.
    case loopback
    /// RFC 1918 (10/8, 172.16/12, 192.168/16), shared address space (100.64/10) and fec0::/10.
    case `private`
    /// 169.254/16 and fe80::/10: where cloud metadata services answer.
    case linkLocal = "link-local"
    /// fc00::/7 (RFC 4193).
    case uniqueLocal = "unique-local"
    /// ::ffff:0:0/96: an IPv4 address in IPv6 clothing.
    case ipv4Mapped = "IPv4-mapped"
    /// 0.0.0.0/8 and ::: "this host" on most systems.
    case unspecified
    /// Multicast and broadcast.
    case multicast
    /// Documentation, benchmarking and reserved ranges: never a real feed.
    case reserved

    /// The scope of an address given as 4 (IPv4) or 16 (IPv6) bytes in network order.
    public init(addressBytes bytes: [UInt8]) {
        if bytes.count == 4 {
            self = Self.ipv4Ranges.first { $0.contains(bytes) }?.scope ?? .public
            return
        }
        guard bytes.count == 16 else {
            self = .reserved
            return
        }
        // Ranges that embed an IPv4 address take the embedded address's scope when it is not public.
        if Self.nat64.contains(bytes) {
            let embedded = Self(addressBytes: Array(bytes[12..<16]))
            self = embedded == .public ? .public : embedded
            return
        }
        if Self.sixToFour.contains(bytes) {
            let embedded = Self(addressBytes: Array(bytes[2..<6]))
            self = embedded == .public ? .public : embedded
            return
        }
        self = Self.ipv6Ranges.first { $0.contains(bytes) }?.scope ?? .public
    }

    /// A phrase for messages, e.g. `a loopback address`.
    public var phrase: String {
        switch self {
        case .public: return "a public address"
        case .loopback: return "a loopback address"
        case .private: return "a private address"
        case .linkLocal: return "a link-local address (where cloud metadata services answer)"
        case .uniqueLocal: return "a unique-local address"
        case .ipv4Mapped: return "an IPv4-mapped address"
        case .unspecified: return "an unspecified address"
        case .multicast: return "a multicast address"
        case .reserved: return "a reserved address"
        }
    }

    // Tables, most specific first where ranges nest (IANA special-purpose registries, RFC 6890).
    private static let ipv4Ranges: [AddressRange] = [
        AddressRange([0, 0, 0, 0], 8, .unspecified),
        AddressRange([10, 0, 0, 0], 8, .private),
        AddressRange([100, 64, 0, 0], 10, .private),  // shared address space (carrier-grade NAT)
        AddressRange([127, 0, 0, 0], 8, .loopback),
        AddressRange([169, 254, 0, 0], 16, .linkLocal),
        AddressRange([172, 16, 0, 0], 12, .private),
        AddressRange([192, 0, 0, 0], 24, .reserved),
        AddressRange([192, 0, 2, 0], 24, .reserved),
        AddressRange([192, 88, 99, 0], 24, .reserved),
        AddressRange([192, 168, 0, 0], 16, .private),
        AddressRange([198, 18, 0, 0], 15, .reserved),
        AddressRange([198, 51, 100, 0], 24, .reserved),
        AddressRange([203, 0, 113, 0], 24, .reserved),
        AddressRange([224, 0, 0, 0], 4, .multicast),
        AddressRange([240, 0, 0, 0], 4, .reserved),  // includes 255.255.255.255
    ]

    private static let ipv6Ranges: [AddressRange] = [
        AddressRange([UInt8](repeating: 0, count: 16), 128, .unspecified),
        AddressRange([UInt8](repeating: 0, count: 15) + [1], 128, .loopback),
        AddressRange([UInt8](repeating: 0, count: 10) + [0xff, 0xff, 0, 0, 0, 0], 96, .ipv4Mapped),
        AddressRange([UInt8](repeating: 0, count: 16), 96, .reserved),  // deprecated IPv4-compatible
        AddressRange([0x01, 0x00] + [UInt8](repeating: 0, count: 14), 64, .reserved),  // discard-only
        AddressRange([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 12), 32, .reserved),  // documentation
        AddressRange([0xfc] + [UInt8](repeating: 0, count: 15), 7, .uniqueLocal),
        AddressRange([0xfe, 0x80] + [UInt8](repeating: 0, count: 14), 10, .linkLocal),
        AddressRange([0xfe, 0xc0] + [UInt8](repeating: 0, count: 14), 10, .private),  // deprecated site-local
        AddressRange([0xff] + [UInt8](repeating: 0, count: 15), 8, .multicast),
    ]

    private static let nat64 = AddressRange([0x00, 0x64, 0xff, 0x9b] + [UInt8](repeating: 0, count: 12), 96, .public)
    private static let sixToFour = AddressRange([0x20, 0x02] + [UInt8](repeating: 0, count: 14), 16, .public)
}
