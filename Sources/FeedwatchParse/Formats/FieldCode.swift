/// The field a capture of `XMLFeedBuilder` collects, as a small number instead of a String.
///
/// Every end tag matches its capture by field and every value is routed by field; as Strings that
/// was several string compares per element (`_stringCompareWithSmolCheck` was the builder's
/// largest single cost after HTML to text). The names the builder itself uses have fixed codes;
/// any other element key gets a code of its own, per document, from `Unnamed`. Two codes are equal
/// exactly when the names they stand for are equal, so matching by code is matching by name.
struct FieldCode: Equatable {
    let rawValue: Int32

    static let item = FieldCode(rawValue: 0)
    static let image = FieldCode(rawValue: 1)
    static let textInput = FieldCode(rawValue: 2)
    static let source = FieldCode(rawValue: 3)
    static let author = FieldCode(rawValue: 4)
    static let contributor = FieldCode(rawValue: 5)
    static let name = FieldCode(rawValue: 6)
    static let email = FieldCode(rawValue: 7)
    static let href = FieldCode(rawValue: 8)
    static let publisher = FieldCode(rawValue: 9)
    static let title = FieldCode(rawValue: 10)
    static let description = FieldCode(rawValue: 11)
    static let summary = FieldCode(rawValue: 12)
    static let subtitle = FieldCode(rawValue: 13)
    static let rights = FieldCode(rawValue: 14)
    static let info = FieldCode(rawValue: 15)
    static let content = FieldCode(rawValue: 16)
    static let language = FieldCode(rawValue: 17)
    static let published = FieldCode(rawValue: 18)
    static let updated = FieldCode(rawValue: 19)
    static let dublinCoreDate = FieldCode(rawValue: 20)
    static let category = FieldCode(rawValue: 21)
    static let link = FieldCode(rawValue: 22)
    static let id = FieldCode(rawValue: 23)

    /// The name each fixed code stands for (an element key that equals one of these gets its code).
    static let byName: [String: FieldCode] = [
        "item": .item, "image": .image, "textinput": .textInput, "source": .source, "author": .author,
        "contributor": .contributor, "name": .name, "email": .email, "href": .href, "publisher": .publisher,
        "title": .title, "description": .description, "summary": .summary, "subtitle": .subtitle,
        "rights": .rights, "info": .info, "content": .content, "language": .language, "published": .published,
        "updated": .updated, "dcdate": .dublinCoreDate, "category": .category, "link": .link, "id": .id,
    ]

    /// Whether the field's text is a text construct (stored as `WireText`, typed by its content type).
    var isTextConstruct: Bool {
        self == .content || self == .description || self == .title || self == .summary || self == .subtitle
            || self == .rights || self == .info
    }

    /// Codes for element keys that are not among the fixed names, handed out in order of first use
    /// within one document.
    struct Unnamed {
        private var codes: [String: FieldCode] = [:]

        /// The code of `key`: its fixed code when it has one, else the one this document gave it.
        mutating func code(for key: String) -> FieldCode {
            if let fixed = FieldCode.byName[key] { return fixed }
            return code(forUnfixed: key)
        }

        /// The code of `key`, known to have no fixed code (`byName[key]` is nil; asked already).
        mutating func code(forUnfixed key: String) -> FieldCode {
            if let assigned = codes[key] { return assigned }
            if codes.isEmpty { codes.reserveCapacity(16) }
            let code = FieldCode(rawValue: 64 + Int32(codes.count))
            codes[key] = code
            return code
        }
    }
}
