import Foundation
import FeedwatchModel

/// An entry's identity: the one documented fallback chain (house rule 7).
///
/// 1. the feed's own id (`guid`, `atom:id`, JSON `id`), scoped to the feed, since ids like `1` are
///    only unique within one feed;
/// 2. else the normalized link (scheme and host lower-cased, fragment and tracking parameters such as
///    `utm_*`, `fbclid`, `gclid` removed);
/// 3. else a hash of the feed URL, title and summary.
/// Publishers edit titles and summaries, so neither is part of the key when an id or link exists.
public enum EntryKey {
    /// The key of `entry` read from the feed at `feedURL`.
    public static func key(for entry: Entry, feedURL: String) -> String {
        key(for: entry, feedURL: feedURL, normalizedLink: entry.link.flatMap(normalizedLink))
    }

    /// The key of `entry`, whose link normalizes to `link` (computed once for the key and the link column).
    static func key(for entry: Entry, feedURL: String, normalizedLink link: String?) -> String {
        // Appended into one String of the right size: interpolation wrote through TextOutputStream
        // and grew its buffer, for every item of a pass.
        if let id = entry.id.map(trimmed), !id.isEmpty {
            var key = "id:"
            key.reserveCapacity(4 + feedURL.utf8.count + id.utf8.count)
            key += feedURL
            key += " "
            key += id
            return key
        }
        if let link {
            var key = "link:"
            key.reserveCapacity(5 + link.utf8.count)
            key += link
            return key
        }
        let text = [feedURL, entry.title ?? "", entry.summary ?? "", entry.content ?? ""].joined(separator: "\u{1F}")
        return "hash:\(stableHash(text))"
    }

    /// Query parameters that only track the reader and never change the page.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "cmpid", "ito", "ocid",
    ]

    /// The link with tracking removed, for recognising the same page across feeds; nil if not a URL.
    public static func normalizedLink(_ link: String) -> String? {
        SimpleLink.normalized(link) ?? foundationNormalizedLink(link)
    }

    /// `normalizedLink` through Foundation's URL parser: for every link `SimpleLink` leaves alone, and
    /// the reference its fast path is tested against.
    static func foundationNormalizedLink(_ link: String) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        // http and https of one page are the same story.
        components.scheme = "https"
        components.host = host.lowercased()
        components.fragment = nil
        if components.port == 80 || components.port == 443 { components.port = nil }
        if let items = components.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        if components.path.isEmpty { components.path = "/" }
        return components.string
    }

    /// `text` without white space at either end; a string with none there (nearly every id) is returned as
    /// is, without Foundation's trimming.
    static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, isPlain(first), isPlain(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An ASCII byte that is not white space: a string starting and ending with one needs no trimming.
    private static func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    /// FNV-1a 64-bit, stable across runs and platforms (Swift's `hashValue` is seeded per process).
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
