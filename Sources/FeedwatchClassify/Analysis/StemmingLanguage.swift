/// A language whose words feedwatch stems, or `none` for words compared as folded surface forms.
enum StemmingLanguage: Int, CaseIterable, Sendable {
    /// English, Snowball's `english` (Porter2) algorithm.
    case english
    /// Spanish, Snowball's `spanish` algorithm.
    case spanish
    /// Any other language: the "stem" is the folded word itself.
    case none

    /// The Snowball algorithm name, nil for `none`.
    var algorithm: String? {
        switch self {
        case .english: "english"
        case .spanish: "spanish"
        case .none: nil
        }
    }

    /// The stemming language for an ISO 639-1 code (`en`, `es`); `none` for any other.
    init(code: String) {
        switch code {
        case "en": self = .english
        case "es": self = .spanish
        default: self = .none
        }
    }
}
