/// The RSS channel's scheduling hints (`ttl`, `skipHours`, `skipDays`), read from element text.
///
/// RSS 2.0 (and the 0.91 it inherits them from) defines them; the fetcher uses them to space its
/// polls. Values it could not act on are dropped rather than guessed, so each reader returns nil
/// for text that is not exactly what the specification allows, bar white space and letter case.
enum ChannelSchedule {
    /// The English day names `skipDays` allows, in the form `Feed.skipDays` carries them.
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// `<ttl>` text as minutes: a non-negative decimal integer (no sign, no fraction), else nil.
    static func minutes(_ text: String) -> Int? {
        decimal(text)
    }

    /// `<hour>` text as an hour of the day 0–23; `24` is midnight (the RSS 0.91 reading, 1–24), else nil.
    static func hour(_ text: String) -> Int? {
        guard let value = decimal(text) else { return nil }
        if value == 24 { return 0 }
        return value < 24 ? value : nil
    }

    /// `<day>` text as its capitalised English day name (any letter case accepted), else nil.
    static func day(_ text: String) -> String? {
        let lowered = XMLFeedBuilder.strip(text).lowercased()
        return dayNames.first { $0.lowercased() == lowered }
    }

    /// ASCII digits only, after trimming white space; nil when empty, signed or too large for `Int`.
    private static func decimal(_ text: String) -> Int? {
        let trimmed = XMLFeedBuilder.strip(text)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(trimmed)
    }
}
