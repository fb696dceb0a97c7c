/// UTF-16 and UTF-32 documents, recognised by their BOM or by the zero bytes around `<`.
enum WideEncoding {
    case utf16(bigEndian: Bool, skip: Int)
    case utf32(bigEndian: Bool, skip: Int)

    static func detect(_ bytes: UnsafeRawBufferPointer) -> WideEncoding? {
        guard bytes.count >= 4 else { return nil }
        let (b0, b1, b2, b3) = (bytes[0], bytes[1], bytes[2], bytes[3])
        switch (b0, b1, b2, b3) {
        case (0x00, 0x00, 0xFE, 0xFF): return .utf32(bigEndian: true, skip: 4)
        case (0xFF, 0xFE, 0x00, 0x00): return .utf32(bigEndian: false, skip: 4)
        case (0x00, 0x00, 0x00, _) where b3 != 0: return .utf32(bigEndian: true, skip: 0)
        case (_, 0x00, 0x00, 0x00) where b0 != 0: return .utf32(bigEndian: false, skip: 0)
        case (0xFE, 0xFF, _, _): return .utf16(bigEndian: true, skip: 2)
        case (0xFF, 0xFE, _, _): return .utf16(bigEndian: false, skip: 2)
        case (0x00, _, 0x00, _) where b1 != 0: return .utf16(bigEndian: true, skip: 0)
        case (_, 0x00, _, 0x00) where b0 != 0: return .utf16(bigEndian: false, skip: 0)
        default: return nil
        }
    }

    /// The document re-encoded as UTF-8 (ill-formed sequences become U+FFFD).
    func utf8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .utf16(let bigEndian, let skip):
            var units: [UInt16] = []
            units.reserveCapacity((bytes.count - skip) / 2)
            var index = skip
            while index + 1 < bytes.count {
                let high = UInt16(bytes[bigEndian ? index : index + 1])
                let low = UInt16(bytes[bigEndian ? index + 1 : index])
                units.append(high << 8 | low)
                index += 2
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        case .utf32(let bigEndian, let skip):
            var scalars = String.UnicodeScalarView()
            var index = skip
            while index + 3 < bytes.count {
                var value: UInt32 = 0
                for offset in 0..<4 {
                    let byte = UInt32(bytes[bigEndian ? index + offset : index + 3 - offset])
                    value = value << 8 | byte
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                index += 4
            }
            return Array(String(scalars).utf8)
        }
    }
}
