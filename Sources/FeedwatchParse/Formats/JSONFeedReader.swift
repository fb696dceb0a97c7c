import Foundation
import FeedwatchModel

/// Reads JSON Feed 1.0/1.1 documents (https://jsonfeed.org/version/1.1) with Foundation's JSONSerialization.
///
/// A JSON object with a jsonfeed.org version URL is a JSON Feed; one with another version but an
/// `items` array is read too, with version nil and a warning; anything else is not a feed.
struct JSONFeedReader {
    let limits: ParseLimits

    static let versions: [String: String] = [
        "https://jsonfeed.org/version/1": "1.0", "http://jsonfeed.org/version/1": "1.0",
        "https://jsonfeed.org/version/1.0": "1.0", "https://jsonfeed.org/version/1.1": "1.1",
        "http://jsonfeed.org/version/1.1": "1.1",
    ]

    func read(_ data: Data, baseURL: String?) throws(FeedParseError) -> ParsedFeed {
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: body, options: [])
        } catch {
            throw FeedParseError(.notAFeed, "not a feed: invalid JSON (\(Self.oneLine(error.localizedDescription)))")
        }
        guard let root = object as? [String: Any] else {
            throw FeedParseError(.notAFeed, "not a feed: JSON document is not an object")
        }
        var warnings: [String] = []
        let rawVersion = root["version"]
        let versionText = Self.string(rawVersion).map { XMLFeedBuilder.strip($0) } ?? ""
        var trimmedVersion = Substring(versionText)
        while trimmedVersion.hasSuffix("/") { trimmedVersion = trimmedVersion.dropLast() }
        let version = Self.versions[String(trimmedVersion)]
        var items = root["items"] as? [Any]
        if version == nil {
            guard items != nil else {
                throw FeedParseError(.notAFeed, "not a feed: JSON document without a JSON Feed version or items")
            }
            warnings.append("unknown JSON Feed version \(rawVersion.map { "\"\($0)\"" } ?? "(none)")")
        }
        if items == nil {
            warnings.append("JSON Feed without an items array")
            items = []
        }
        var entries: [Entry] = []
        for item in items ?? [] {
            guard let fields = item as? [String: Any] else {
                warnings.append("JSON Feed item is not an object; skipped")
                continue
            }
            if entries.count >= limits.maxItems {
                warnings.append("only the first \(limits.maxItems) items were kept")
                break
            }
            entries.append(entry(fields, baseURL: baseURL))
        }
        let feed = Feed(
            format: .json, version: version, title: Self.loose(Self.string(root["title"])),
            link: Self.resolve(root["home_page_url"], baseURL), description: Self.loose(Self.string(root["description"])),
            language: FeedAdapter.plain(Self.string(root["language"])), updated: nil, items: entries)
        return ParsedFeed(feed: feed, warnings: warnings)
    }

    private func entry(_ fields: [String: Any], baseURL: String?) -> Entry {
        var content: String? = nil
        if let html = fields["content_html"] as? String {
            content = PlainText.fromHTML(html)
        } else if let text = fields["content_text"] as? String {
            content = Self.loose(text)
        }
        var rawAuthors: [Any] = []
        if let list = fields["authors"] as? [Any] {
            rawAuthors = list
        } else if let single = fields["author"] as? [String: Any] {
            rawAuthors = [single]
        }
        let authors = rawAuthors.compactMap { ($0 as? [String: Any]).flatMap { Self.loose(Self.string($0["name"])) } }
        let tags = (fields["tags"] as? [Any]) ?? []
        let categories = tags.compactMap { Self.loose(Self.string($0)) }
        var enclosures: [Enclosure] = []
        for attachment in (fields["attachments"] as? [Any]) ?? [] {
            guard let attachment = attachment as? [String: Any], let url = Self.resolve(attachment["url"], baseURL) else {
                continue
            }
            enclosures.append(
                Enclosure(
                    url: url, type: FeedAdapter.plain(Self.string(attachment["mime_type"])),
                    length: Self.length(attachment["size_in_bytes"])))
        }
        return Entry(
            id: FeedAdapter.plain(Self.string(fields["id"])), title: Self.loose(Self.string(fields["title"])),
            link: Self.resolve(fields["url"], baseURL), published: Self.date(fields["date_published"]),
            updated: Self.date(fields["date_modified"]), summary: Self.loose(Self.string(fields["summary"])),
            content: content, authors: authors, categories: categories, enclosures: enclosures)
    }

    private static func loose(_ value: String?) -> String? {
        FeedAdapter.looseText(value, format: .json)
    }

    /// A JSON string, or a number written as Python writes it; nil for booleans, null and containers.
    static func string(_ value: Any?) -> String? {
        guard let value else { return nil }
        if let text = value as? String { return text }
        if let number = value as? NSNumber {
            let kind = String(cString: number.objCType)
            if kind == "c" || kind == "B" { return nil }
            if kind == "d" || kind == "f" {
                let double = number.doubleValue
                if double.rounded() == double && abs(double) < 1e16 { return "\(Int64(double)).0" }
                return "\(double)"
            }
            return number.stringValue
        }
        return nil
    }

    private static func resolve(_ value: Any?, _ baseURL: String?) -> String? {
        guard let text = value as? String, let url = FeedAdapter.plain(text) else { return nil }
        guard let baseURL else { return url }
        let resolved = URLResolver.resolve(url, against: baseURL)
        return resolved.isEmpty ? nil : resolved
    }

    private static func date(_ value: Any?) -> Date? {
        guard let text = string(value), !XMLFeedBuilder.strip(text).isEmpty else { return nil }
        return FeedDate.parse(text)
    }

    private static func length(_ value: Any?) -> Int? {
        guard let value else { return nil }
        if let number = value as? NSNumber {
            let kind = String(cString: number.objCType)
            if kind == "c" || kind == "B" { return nil }
            let double = number.doubleValue
            guard double >= 0, double.rounded() == double, double < 9e18 else { return nil }
            return Int(double)
        }
        if let text = value as? String { return FeedAdapter.length(text) }
        return nil
    }

    private static func oneLine(_ text: String) -> String {
        PlainText.collapse(text) ?? "unreadable"
    }
}
