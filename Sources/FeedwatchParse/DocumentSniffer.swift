import Foundation

/// Looks at the first bytes of a document: where it starts, which encoding it declares.
enum DocumentSniffer {
    /// Index of the first byte that is not a UTF-8 BOM or ASCII white space (within 4 KB); nil when none.
    static func firstSignificantByte(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return index }
            index += 1
        }
        return nil
    }

    /// The byte-order mark's encoding, if the document starts with one.
    static func byteOrderMark(_ bytes: UnsafeRawBufferPointer) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && prefix.indices.allSatisfy { bytes[$0] == prefix[$0] }
        }
        if starts([0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        if starts([0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if starts([0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if starts([0xFE, 0xFF]) { return "UTF-16BE" }
        if starts([0xFF, 0xFE]) { return "UTF-16LE" }
        return nil
    }

    /// Whether the document looks like UTF-16 or UTF-32 without a BOM (`<` with zero bytes around it).
    static func looksLikeWideEncoding(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && (bytes[0] == 0 || bytes[1] == 0)
    }

    /// The `encoding` of the XML declaration, if the document starts with one.
    static func declaredEncoding(_ bytes: UnsafeRawBufferPointer) -> String? {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 {
            start += 1
        }
        guard start + 5 < bytes.count, bytes[start] == UInt8(ascii: "<"), bytes[start + 1] == UInt8(ascii: "?") else {
            return nil
        }
        let end = min(bytes.count, start + 512)
        var close = start
        while close + 1 < end, !(bytes[close] == UInt8(ascii: "?") && bytes[close + 1] == UInt8(ascii: ">")) { close += 1 }
        let declaration = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<close]), as: UTF8.self)
        guard declaration.hasPrefix("<?xml"), let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let closing = rest.firstIndex(of: quote) else { return nil }
        return String(rest[..<closing])
    }

    /// The `charset` parameter of a Content-Type header value.
    static func charset(fromContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pieces = parameter.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let value = pieces[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Whether the bytes are valid UTF-8.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            // Skip ASCII eight bytes at a time where aligned enough to matter.
            while index + 8 <= count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { break }
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var value: UInt32
            if byte & 0xE0 == 0xC0 {
                length = 2
                minimum = 0x80
                value = UInt32(byte & 0x1F)
            } else if byte & 0xF0 == 0xE0 {
                length = 3
                minimum = 0x800
                value = UInt32(byte & 0x0F)
            } else if byte & 0xF8 == 0xF0 {
                length = 4
                minimum = 0x10000
                value = UInt32(byte & 0x07)
            } else {
                return false
            }
            guard index + length <= count else { return false }
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return false }
                value = (value << 6) | UInt32(next & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return false }
            index += length
        }
        return true
    }
}
