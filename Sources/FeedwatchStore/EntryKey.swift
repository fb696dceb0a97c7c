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
        // Copied into one String of its final size: appended piece by piece (or interpolated) it cost
        // about 1,900 instructions an item of a pass.
        if let id = entry.id.map(trimmed), !id.isEmpty {
            return joined("id:", feedURL, " ", id)
        }
        if let link {
            return joined("link:", link, "", "")
        }
        let text = [feedURL, entry.title ?? "", entry.summary ?? "", entry.content ?? ""].joined(separator: "\u{1F}")
        return "hash:\(stableHash(text))"
    }

    /// `prefix`, `first`, `separator` and `second` in one String.
    static func joined(_ prefix: StaticString, _ first: String, _ separator: StaticString, _ second: String) -> String {
        var first = first
        var second = second
        return first.withUTF8 { one in
            second.withUTF8 { two in
                let count = prefix.utf8CodeUnitCount + one.count + separator.utf8CodeUnitCount + two.count
                return String(unsafeUninitializedCapacity: count) { buffer in
                    var offset = 0
                    func copy(_ part: UnsafeBufferPointer<UInt8>) {
                        guard let source = part.baseAddress, !part.isEmpty else { return }
                        UnsafeMutableRawPointer(buffer.baseAddress! + offset).copyMemory(from: source, byteCount: part.count)
                        offset += part.count
                    }
                    copy(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
                    copy(one)
                    copy(UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount))
                    copy(two)
                    return offset
                }
            }
        }
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
