import FeedwatchTestSupport
import Foundation
import Testing

/// The topics shipped in feeds.yml, measured through `feedwatch match` on the labeled news items kept
/// in scripts/ (English and Spanish; see docs/topics.md). A guard against an edit to a query that
/// quietly loses recall or lets false friends in: the same figures `scripts/topic_eval.py` prints.
@Suite("the default topics on the labeled items")
struct DefaultTopicsTests {
    struct LabeledItem: Decodable {
        var id: String
        var lang: String?
        var title: String?
        var summary: String?
        var labels: [String]
    }

    struct MatchLine: Decodable {
        struct Topic: Decodable { var topic: String }
        var id: String
        var topics: [Topic]?
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let topics = ["migration", "trade", "critical-minerals", "human-rights", "regional-security"]

    static func items(_ name: String) throws -> [LabeledItem] {
        let text = try String(contentsOf: repository.appendingPathComponent("scripts/\(name)"), encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.isEmpty }.map {
            try JSONDecoder().decode(LabeledItem.self, from: Data($0.utf8))
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// One RSS document per language (as a feed that declares its language), guid = item id.
    static func document(_ items: [LabeledItem], language: String) -> String {
        let body = items.map {
            "<item><guid isPermaLink=\"false\">\(escape($0.id))</guid><title>\(escape($0.title ?? ""))</title>"
                + "<description>\(escape($0.summary ?? ""))</description>"
                + "<link>https://feedwatch.invalid/\(escape($0.id))</link></item>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>labeled</title><link>https://feedwatch.invalid/</link>
            <language>\(language)</language>
            \(body)
            </channel></rss>
            """
    }

    @Test(
        "every default topic keeps F1 of at least 0.85 on each labeled set",
        arguments: ["topic_eval_tune.jsonl", "topic_eval_holdout.jsonl", "topic_eval_extra.jsonl", "topic_eval_holdout2.jsonl",
                   "topic_eval_holdout3.jsonl", "topic_eval_holdout4.jsonl", "topic_eval_holdout5.jsonl",
                   "topic_eval_holdout6.jsonl", "topic_eval_holdout7.jsonl", "topic_eval_holdout8.jsonl",
                   "topic_eval_holdout9.jsonl", "topic_eval_holdout10.jsonl",
                   "topic_eval_holdout11.jsonl", "topic_eval_holdout12.jsonl"])
    func f1(set: String) throws {
        let items = try Self.items(set)
        #expect(items.count >= 40)
        let work = try TemporaryDirectory()
        var predicted: [String: Set<String>] = [:]
        for language in Set(items.map { $0.lang ?? "" }).sorted() {
            let group = items.filter { ($0.lang ?? "") == language }
            let path = try work.write("items-\(language).xml", Self.document(group, language: language))
            let result = try FeedwatchCommand.run([
                "match", "--json", "--config", Self.repository.appendingPathComponent("feeds.yml").path, path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            for line in result.stdout.split(separator: "\n") where !line.isEmpty {
                let match = try JSONDecoder().decode(MatchLine.self, from: Data(line.utf8))
                predicted[match.id] = Set((match.topics ?? []).map(\.topic))
            }
        }
        for topic in Self.topics {
            var truePositives = 0
            var falsePositives = 0
            var falseNegatives = 0
            for item in items {
                let labeled = item.labels.contains(topic)
                let found = predicted[item.id]?.contains(topic) ?? false
                if labeled && found { truePositives += 1 }
                if !labeled && found { falsePositives += 1 }
                if labeled && !found { falseNegatives += 1 }
            }
            let f1 = Double(2 * truePositives) / Double(max(1, 2 * truePositives + falsePositives + falseNegatives))
            #expect(
                f1 >= 0.85,
                "\(set) \(topic): F1 \(f1) (tp \(truePositives), fp \(falsePositives), fn \(falseNegatives))")
        }
    }
}
