/// Repairs two encoding accidents common in feeds, on every decoded text value.
///
/// 1. In a UTF-8 document, text whose characters all fit in Latin-1 and whose Latin-1 bytes are
///    valid UTF-8 was double-encoded by its producer (`Ã©` for `é`): it is decoded once more.
/// 2. C1 control characters U+0080–U+009F are windows-1252 bytes mislabelled as ISO-8859-1:
///    they become the windows-1252 characters (`€`, `“`, `—`...).
enum TextRepair {
    static func repair(_ text: String, documentIsUTF8: Bool) -> String {
        var utf8 = text.utf8
        guard utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var result = text
        if documentIsUTF8, let repaired = undoDoubleEncoding(text) {
            result = repaired
            utf8 = result.utf8
        }
        // C1 controls are encoded C2 80–C2 9F.
        var hasControl = false
        var previous: UInt8 = 0
        for byte in utf8 {
            if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F {
                hasControl = true
                break
            }
            previous = byte
        }
        guard hasControl else { return result }
        var scalars = String.UnicodeScalarView()
        for scalar in result.unicodeScalars {
            if scalar.value >= 0x80 && scalar.value <= 0x9F, let mapped = Unicode.Scalar(Windows1252.scalar(forByte: UInt8(scalar.value))) {
                scalars.append(mapped)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func undoDoubleEncoding(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return nil }
            bytes.append(UInt8(scalar.value))
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
