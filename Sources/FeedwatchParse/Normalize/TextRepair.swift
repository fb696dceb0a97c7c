import Glibc

/// Repairs two encoding accidents common in feeds, on every decoded text value.
///
/// 1. Text whose characters all fit in Latin-1 and whose Latin-1 bytes are valid UTF-8 was
///    double-encoded by its producer (`Ã©` for `é`): it is decoded once more.
/// 2. C1 control characters U+0080–U+009F are windows-1252 bytes mislabelled as ISO-8859-1:
///    they become the windows-1252 characters (`€`, `“`, `—`...).
///
/// Works on the UTF-8 bytes of a field before they become a String; ASCII text costs one scan.
enum TextRepair {
    /// Repairs `bytes` (UTF-8) in place.
    static func repair(_ bytes: inout [UInt8]) {
        if let repaired = bytes.withUnsafeBufferPointer({ repaired($0) }) { bytes = repaired }
    }

    /// The repaired form of `input` (UTF-8), nil when it needs no repair (the common case, which
    /// costs one scan and no copy).
    static func repaired(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var onlyLatin1 = true
        var hasNonASCII = false
        var hasControl = false
        // Whether the Latin-1 bytes could be UTF-8 at all (lead bytes followed by the right number
        // of continuation bytes), checked on the way: most non-English text fails at its first
        // accented letter, which spares building the Latin-1 copy only to find it invalid.
        var latin1MayBeUTF8 = true
        var continuationsExpected = 0
        do {
            var index = 0
            let count = input.count
            let raw = UnsafeRawBufferPointer(input)
            while index < count {
                // Skip ASCII eight bytes at a time.
                while continuationsExpected == 0 && index + 8 <= count && raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
                let byte = input[index]
                if byte < 0x80 {
                    if continuationsExpected > 0 {
                        latin1MayBeUTF8 = false
                        continuationsExpected = 0
                    }
                    index += 1
                    continue
                }
                hasNonASCII = true
                if byte == 0xC2 || byte == 0xC3 {
                    if byte == 0xC2 && index + 1 < count && input[index + 1] >= 0x80 && input[index + 1] <= 0x9F {
                        hasControl = true
                    }
                    if latin1MayBeUTF8 {
                        // The Latin-1 byte this character stands for, as a UTF-8 byte.
                        let next = index + 1 < count ? input[index + 1] : 0
                        let latin1 = byte == 0xC2 ? next : next &+ 0x40
                        if latin1 >= 0x80 && latin1 <= 0xBF {
                            if continuationsExpected > 0 {
                                continuationsExpected -= 1
                            } else {
                                latin1MayBeUTF8 = false
                            }
                        } else if continuationsExpected > 0 || latin1 < 0xC2 || latin1 > 0xF4 {
                            latin1MayBeUTF8 = false
                            continuationsExpected = 0
                        } else {
                            continuationsExpected = latin1 < 0xE0 ? 1 : (latin1 < 0xF0 ? 2 : 3)
                        }
                    }
                    index += 2
                } else {
                    onlyLatin1 = false
                    index += UTF8Length.ofLeadingByte(byte)
                }
                if !(onlyLatin1 && latin1MayBeUTF8) {
                    // Not double-encoded after all (most non-English text, at its first accented
                    // letter): only a C1 control is left to look for, and `memchr` finds its lead
                    // byte far faster than this loop walks characters.
                    hasControl = hasControl || Self.containsC1Control(input, from: index)
                    break
                }
            }
        }
        guard hasNonASCII else { return nil }
        var latin1Text: [UInt8]? = nil
        if onlyLatin1 && latin1MayBeUTF8 && continuationsExpected == 0 {
            // Latin-1 bytes of the text: C2 xx → xx, C3 xx → xx + 0x40.
            var latin1: [UInt8] = []
            latin1.reserveCapacity(input.count)
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte < 0x80 {
                    latin1.append(byte)
                    index += 1
                } else {
                    let next = index + 1 < input.count ? input[index + 1] : 0
                    latin1.append(byte == 0xC2 ? next : next &+ 0x40)
                    index += 2
                }
            }
            if String(validating: latin1, as: UTF8.self) != nil {
                hasControl = latin1.indices.contains { latin1[$0] == 0xC2 && $0 + 1 < latin1.count && latin1[$0 + 1] >= 0x80 && latin1[$0 + 1] <= 0x9F }
                latin1Text = latin1
            }
        }
        guard hasControl else { return latin1Text }
        let bytes = latin1Text ?? Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] >= 0x80 && bytes[index + 1] <= 0x9F {
                CharacterReference.appendScalar(Windows1252.scalar(forByte: bytes[index + 1]), to: &output)
                index += 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Whether `input[start...]` (valid UTF-8) holds a C1 control (U+0080–U+009F, encoded C2 80–C2 9F).
    /// 0xC2 is never a continuation byte, so every one found starts a character.
    static func containsC1Control(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard let base = input.baseAddress else { return false }
        var index = start
        let count = input.count
        while index < count {
            guard let found = memchr(base + index, 0xC2, count - index) else { return false }
            let position = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if position + 1 < count && input[position + 1] >= 0x80 && input[position + 1] <= 0x9F { return true }
            index = position + 1
        }
        return false
    }

    /// Repairs a String.
    static func repair(_ text: String) -> String {
        var bytes = Array(text.utf8)
        repair(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
