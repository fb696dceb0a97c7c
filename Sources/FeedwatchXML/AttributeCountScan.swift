import Glibc

/// A linear pre-scan that finds start tags with very many attributes.
///
/// libxml2 checks each new attribute of a tag against all earlier ones, so a tag with 100 000
/// attributes costs billions of comparisons before any callback can stop it. Counting `=` signs
/// between `<name` and the next `>` (outside quotes) over-counts only in odd text, which costs at
/// worst a refusal of a pathological document.
enum AttributeCountScan {
    /// The attribute count of the first tag that exceeds `limit`, or nil when every tag is within it.
    static func largestAttributeCount(in bytes: UnsafeRawBufferPointer, limit: Int) -> Int? {
        // No tag can hold more `=` signs than the whole document: with at most `limit` of them (every
        // real feed; a typical one has a few dozen against a limit of hundreds) the answer is nil
        // without walking every tag, and `memchr` skips the text between them far faster.
        if equalsSignCount(in: bytes, exceeds: limit) == false { return nil }
        return scanTags(in: bytes, limit: limit)
    }

    /// Whether `bytes` holds more than `limit` `=` signs, stopping at the one past the limit.
    static func equalsSignCount(in bytes: UnsafeRawBufferPointer, exceeds limit: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        var seen = 0
        while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "=")), count - index) {
            seen += 1
            if seen > limit { return true }
            index = base.distance(to: UnsafeRawPointer(found)) + 1
        }
        return false
    }

    /// The tag-by-tag scan: the attribute count of the first tag that exceeds `limit`, or nil.
    static func scanTags(in bytes: UnsafeRawBufferPointer, limit: Int) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        while index < count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { return nil }
            index = base.distance(to: UnsafeRawPointer(found)) + 1
            guard index < count else { return nil }
            let first = bytes[index]
            let isNameStart = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") || first == UInt8(ascii: "_") || first >= 0x80
            if !isNameStart { continue }
            var equalsSigns = 0
            var quote: UInt8 = 0
            while index < count {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "=") {
                    equalsSigns += 1
                } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "<") {
                    break
                }
                index += 1
            }
            if equalsSigns > limit { return equalsSigns }
        }
        return nil
    }
}
