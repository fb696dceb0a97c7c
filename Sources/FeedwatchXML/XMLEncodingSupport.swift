import CLibXML2

/// Questions about character encodings that only libxml2 (and its iconv) can answer.
public enum XMLEncodingSupport {
    /// Whether libxml2 can decode text in the encoding named `name` (`ISO-8859-1`, `windows-1251`, `EUC-KR`...).
    public static func isSupported(_ name: String) -> Bool {
        XMLLibrary.initializeOnce()
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }
}

/// HTML 4 entity names, for decoding markup outside libxml2.
public enum HTMLEntityNames {
    /// The code point an HTML 4 entity name stands for (`eacute` → U+00E9), nil when unknown.
    public static func codePoint(named name: String) -> UInt32? {
        HTMLEntityTable.codePoint(named: name)
    }
}
