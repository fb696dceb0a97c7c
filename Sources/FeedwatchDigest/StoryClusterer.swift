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
    /// The alerts grouped into stories; each group is ordered by score (highest first), then first seen,
    /// then alert ID.
    static func cluster(_ alerts: [Alert]) -> [[Alert]] {
        // The alert ID is built once per alert, not once per comparison.
        let ordered = alerts.map { (alert: $0, id: $0.alertID) }.sorted { lhs, rhs in
            if lhs.alert.match.score != rhs.alert.match.score { return lhs.alert.match.score > rhs.alert.match.score }
            if lhs.alert.firstSeen != rhs.alert.firstSeen { return lhs.alert.firstSeen < rhs.alert.firstSeen }
            return lhs.id < rhs.id
        }.map(\.alert)
        var clusters: [[Alert]] = []
        var signatures: [[Signature]] = []
        // Inverted indexes from a word or a link to the clusters holding it: only clusters that share
        // something with a title are compared with it, which keeps a busy day far from quadratic.
        var clustersByWord: [String: [Int]] = [:]
        var clustersByLink: [String: Int] = [:]
        for alert in ordered {
            let signature = Signature(words: significantWords(alert.entry.title ?? ""), link: normalizedLink(alert.entry.link))
            var candidates = Set<Int>()
            if let link = signature.link, let index = clustersByLink[link] { candidates.insert(index) }
            for word in signature.words { candidates.formUnion(clustersByWord[word] ?? []) }
            let home = candidates.sorted().first { index in signatures[index].contains { isSameStory($0, signature) } }
            let index = home ?? clusters.count
            if home == nil {
                clusters.append([])
                signatures.append([])
            }
            clusters[index].append(alert)
            signatures[index].append(signature)
            if let link = signature.link, clustersByLink[link] == nil { clustersByLink[link] = index }
            for word in signature.words where clustersByWord[word]?.last != index { clustersByWord[word, default: []].append(index) }
        }
        return clusters
    }

    /// What a title is compared by.
    struct Signature {
        var words: Set<String>
        var link: String?
    }

    private static func isSameStory(_ lhs: Signature, _ rhs: Signature) -> Bool {
        if let left = lhs.link, left == rhs.link { return true }
        let (smallerSet, largerSet) = lhs.words.count <= rhs.words.count ? (lhs.words, rhs.words) : (rhs.words, lhs.words)
        let shared = smallerSet.reduce(0) { $0 + (largerSet.contains($1) ? 1 : 0) }  // no intermediate sets
        guard shared > 0 else { return false }
        let union = lhs.words.count + rhs.words.count - shared
        if Double(shared) / Double(union) >= 0.65 { return true }
        let smaller = min(lhs.words.count, rhs.words.count)
        return smaller >= 4 && Double(shared) / Double(smaller) >= 0.8
    }

    /// The link without scheme, `www.`, fragment and trailing slash, so http/https copies compare equal.
    private static func normalizedLink(_ link: String?) -> String? {
        guard let link = FeedText.webLink(link), var components = URLComponents(string: link) else { return nil }
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
        let folded = stripOutletSuffix(FeedText.singleLine(title))
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
