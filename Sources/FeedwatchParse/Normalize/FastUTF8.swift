/// Strings from UTF-8 bytes with a faster validity check than the standard library's.
///
/// Every String the parser builds from bytes (`String(decoding:as:)`,
/// `String(unsafeUninitializedCapacity:initializingUTF8With:)`) is checked by the standard
/// library's `validateUTF8`, which walks byte by byte: about six instructions a byte, 5 % of the
/// parse of a typical feed. Feed text is mostly ASCII with a letter beyond it every few words, so
/// here sixteen bytes are checked at a time for the high bit and only the multi-byte sequences are
/// decoded one by one. Bytes that pass are exactly the well-formed UTF-8 of Unicode's table 3-7
/// (what `String(validating:as:)` accepts) and become a String without a second check; any other
/// bytes go to `String(decoding:as:)` as before, so the String is the same either way.
enum FastUTF8 {
    /// The String of `bytes`: equal to `String(decoding: bytes, as: UTF8.self)`.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let check = validate(bytes)
        guard check.isValid else { return String(decoding: bytes, as: UTF8.self) }
        // Telling it ASCII text is ASCII gives the String the flags the standard library's own
        // check would (ASCII, hence NFC), which later comparisons and hashing take fast paths on.
        return String(copying: UTF8Span(unchecked: Span(_unsafeElements: bytes), isKnownASCII: check.isASCII))
    }

    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        validate(bytes).isValid
    }

    /// Whether `bytes` are well-formed UTF-8, and whether they are all ASCII.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> (isValid: Bool, isASCII: Bool) {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return (true, true) }
        var isASCII = true
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index < count {
            // ASCII sixteen, then eight bytes at a time.
            while index + 16 <= count {
                let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                if (first | second) & high != 0 {
                    // Straight to the first byte beyond ASCII (little-endian: the lowest set bit).
                    if first & high != 0 {
                        index += (first & high).trailingZeroBitCount >> 3
                    } else {
                        index += 8 + ((second & high).trailingZeroBitCount >> 3)
                    }
                    break
                }
                index += 16
            }
            if index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & high == 0 {
                    index += 8
                    continue
                }
                index += (word & high).trailingZeroBitCount >> 3
            }
            guard index < count else { break }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // One multi-byte sequence, by table 3-7 of the Unicode standard.
            isASCII = false
            switch lead {
            case 0xC2...0xDF:
                guard index + 1 < count, isContinuation(base[index + 1]) else { return (false, false) }
                index += 2
            case 0xE0...0xEF:
                guard index + 2 < count else { return (false, false) }
                let second = base[index + 1]
                let secondIsValid: Bool
                switch lead {
                case 0xE0: secondIsValid = second >= 0xA0 && second <= 0xBF
                case 0xED: secondIsValid = second >= 0x80 && second <= 0x9F
                default: secondIsValid = isContinuation(second)
                }
                guard secondIsValid, isContinuation(base[index + 2]) else { return (false, false) }
                index += 3
            case 0xF0...0xF4:
                guard index + 3 < count else { return (false, false) }
                let second = base[index + 1]
                let secondIsValid: Bool
                switch lead {
                case 0xF0: secondIsValid = second >= 0x90 && second <= 0xBF
                case 0xF4: secondIsValid = second >= 0x80 && second <= 0x8F
                default: secondIsValid = isContinuation(second)
                }
                guard secondIsValid, isContinuation(base[index + 2]), isContinuation(base[index + 3]) else {
                    return (false, false)
                }
                index += 4
            default:
                // A continuation byte without a lead, 0xC0, 0xC1 (overlong) or 0xF5 and above.
                return (false, false)
            }
        }
        return (true, isASCII)
    }

    @inline(__always)
    private static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }
}
