/// Encoding labels feeds use that iconv knows under another name.
///
/// Feeds name their encoding the way the tool that wrote them did: Python codec names
/// (`mac-roman`, `maciceland`), WHATWG labels (`x-mac-cyrillic`) or IANA names. glibc's iconv,
/// which libxml2 decodes through, accepts IANA names and many aliases but not these spellings; an
/// unknown label would make the reader fall back to UTF-8/windows-1252 and garble the text.
enum EncodingLabel {
    /// The name iconv knows for `label`, or `label` itself when it needs no translation.
    static func iconvName(_ label: String) -> String {
        aliases[label.lowercased()] ?? label
    }

    private static let aliases: [String: String] = [
        "mac-roman": "MACINTOSH", "macroman": "MACINTOSH", "mac_roman": "MACINTOSH", "x-mac-roman": "MACINTOSH",
        "mac-iceland": "MAC-IS", "maciceland": "MAC-IS", "mac_iceland": "MAC-IS",
        "mac-latin2": "MAC-CENTRALEUROPE", "maclatin2": "MAC-CENTRALEUROPE", "mac_latin2": "MAC-CENTRALEUROPE",
        "maccentraleurope": "MAC-CENTRALEUROPE", "x-mac-ce": "MAC-CENTRALEUROPE",
        "mac-cyrillic": "MACCYRILLIC", "mac_cyrillic": "MACCYRILLIC", "x-mac-cyrillic": "MACCYRILLIC",
        "x-mac-ukrainian": "MACUKRAINIAN",
    ]
}
