import Foundation
import FeedwatchModel

/// Groups alerts that report the same story: the same link, or near-duplicate titles.
///
/// Titles are compared as sets of significant words (case and accents folded, a trailing
/// " - Outlet" suffix removed, common English and Spanish function words dropped). Two titles are the
/// same story when their word sets overlap by Jaccard ≥ 0.65 (so two four-word titles differing in one
/// word, "Ecuador signs trade deal" and "Ecuador signs migration deal", stay apart), or when the shorter one (of at least
/// four words) is 80% contained in the longer. Clustering is single-linkage in a fixed order, so the
/// result is deterministic.
enum StoryClusterer {
    /// The alerts grouped into stories; each group is ordered by score (highest first), then first seen.
    static func cluster(_ alerts: [Alert]) -> [[Alert]] {
        let ordered = alerts.sorted(by: leadsBefore)
        var clusters: [[Alert]] = []
        var signatures: [[(words: Set<String>, link: String?)]] = []
        for alert in ordered {
            let signature = (words: significantWords(alert.entry.title ?? ""), link: normalizedLink(alert.entry.link))
            let home = signatures.firstIndex { members in
                members.contains { isSameStory($0, signature) }
            }
            if let home {
                clusters[home].append(alert)
                signatures[home].append(signature)
            } else {
                clusters.append([alert])
                signatures.append([signature])
            }
        }
        return clusters
    }

    /// The order within a story: highest score, then earliest seen, then the stable alert ID.
    static func leadsBefore(_ lhs: Alert, _ rhs: Alert) -> Bool {
        if lhs.match.score != rhs.match.score { return lhs.match.score > rhs.match.score }
        if lhs.firstSeen != rhs.firstSeen { return lhs.firstSeen < rhs.firstSeen }
        return lhs.alertID < rhs.alertID
    }

    private static func isSameStory(
        _ lhs: (words: Set<String>, link: String?), _ rhs: (words: Set<String>, link: String?)
    ) -> Bool {
        if let left = lhs.link, left == rhs.link { return true }
        let shared = lhs.words.intersection(rhs.words).count
        guard shared > 0 else { return false }
        let union = lhs.words.union(rhs.words).count
        if Double(shared) / Double(union) >= 0.65 { return true }
        let smaller = min(lhs.words.count, rhs.words.count)
        return smaller >= 4 && Double(shared) / Double(smaller) >= 0.8
    }

    /// The link without scheme, `www.`, fragment and trailing slash, so http/https copies compare equal.
    private static func normalizedLink(_ link: String?) -> String? {
        guard let link = TextSafety.webLink(link), var components = URLComponents(string: link) else { return nil }
        components.fragment = nil
        components.scheme = nil
        var host = components.host?.lowercased() ?? ""
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
        return host + path + query
    }

    /// The title's significant words.
    static func significantWords(_ title: String) -> Set<String> {
        let folded = stripOutletSuffix(TextSafety.singleLine(title))
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let words = folded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return Set(words.filter { $0.count > 1 && !stopWords.contains($0) })
    }

    /// The title without a trailing " - Reuters" / " | AP News" style outlet name (at most three words
    /// after the last separator, and more before it).
    private static func stripOutletSuffix(_ title: String) -> String {
        for separator in [" - ", " | ", " – ", " — "] {
            guard let range = title.range(of: separator, options: .backwards) else { continue }
            let head = title[..<range.lowerBound]
            let tail = title[range.upperBound...]
            let tailWords = tail.split(separator: " ").count
            if tailWords <= 3, head.split(separator: " ").count > tailWords { return String(head) }
        }
        return title
    }

    private static let stopWords: Set<String> = [
        "the", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as", "is", "are",
        "was", "were", "be", "its", "it", "that", "this", "after", "over", "into", "new", "says", "say",
        "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "en", "con", "por", "para",
        "que", "se", "su", "sus", "lo", "es", "son", "fue", "ha", "han", "tras", "sobre", "entre", "ante",
    ]
}
