import FeedwatchConfig

/// Loading feeds.yml text as the file `feeds.yml`, shared by the loader's test suites.
protocol ConfigurationText {}

extension ConfigurationText {
    /// The configuration `text` gives, or the loader's error.
    func load(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader().load(text: text, path: "feeds.yml")
    }

    /// The problems `feedwatch check` would print for `text` (FILE:LINE:COL: message), none if it loads.
    func issues(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }
}
