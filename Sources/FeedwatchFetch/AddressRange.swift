/// A CIDR range: `prefix`/`length` and the scope of the addresses in it.
struct AddressRange: Sendable {
    let prefix: [UInt8]
    let length: Int
    let scope: AddressScope

    init(_ prefix: [UInt8], _ length: Int, _ scope: AddressScope) {
        self.prefix = prefix
        self.length = length
        self.scope = scope
    }

    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == prefix.count else { return false }
        var remaining = length
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if bytes[index] & mask != prefix[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
