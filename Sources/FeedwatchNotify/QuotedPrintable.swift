/// Quoted-printable body encoding (RFC 2045 §6.7): lines of at most 76 characters, CRLF line ends,
/// soft breaks `=` before them, and a few characters encoded beyond what the RFC requires so that no
/// line begins with `.` (SMTP's end-of-data) or `F` (of mbox's `From `), and `=` never appears raw (which keeps
/// a multipart boundary containing `=_` out of every encoded body).
enum QuotedPrintable {
    /// The text (any line ends) encoded as UTF-8 quoted-printable with CRLF line ends.
    static func encode(_ text: String) -> String {
        let normalized = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        var output: [String] = []
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }  // the final line end is added below
        for line in lines {
            output.append(contentsOf: encodeLine(Array(line.utf8)))
        }
        return output.joined(separator: "\r\n") + "\r\n"
    }

    /// One hard line as one or more physical lines joined by soft breaks.
    private static func encodeLine(_ bytes: [UInt8]) -> [String] {
        var tokens: [String] = []
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let isPrintable = (33...126).contains(byte) && byte != UInt8(ascii: "=")
            let isInnerSpace = (byte == 0x20 || byte == 0x09) && !isLast  // trailing white space must be encoded
            tokens.append(isPrintable || isInnerSpace ? String(UnicodeScalar(byte)) : hex(byte))
        }
        var lines: [String] = []
        var current = ""
        for var token in tokens {
            // 75 leaves room for the soft-break "=" within 76 characters.
            if current.count + token.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            // Guard the start of every physical line: "." could end SMTP data, "From " is mangled by mbox.
            if current.isEmpty, token == "." || token == "F" { token = hex(UInt8(ascii: token == "." ? "." : "F")) }
            current += token
        }
        lines.append(current)
        return lines
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
