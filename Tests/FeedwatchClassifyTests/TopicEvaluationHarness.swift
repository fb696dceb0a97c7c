import FeedwatchModel
import Foundation
import Testing

@testable import FeedwatchClassify

/// Runs labeled items through the classifier for scripts/topic_eval.py (its `--engine swift-test`),
/// an engine that needs no built `feedwatch` binary and builds items as `feedwatch match` does.
/// Enabled only when the script sets FEEDWATCH_TOPIC_EVAL_OUTPUT.
@Suite("Topic evaluation harness", .enabled(if: ProcessInfo.processInfo.environment["FEEDWATCH_TOPIC_EVAL_OUTPUT"] != nil))
struct TopicEvaluationHarness {
    private struct TopicSpec: Decodable {
        var name: String
        var query: String
        var min_score: Double?
    }

    private struct Item: Decodable {
        var id: String
        var lang: String?
        var title: String?
        var summary: String?
    }

    private struct Line: Encodable {
        var id: String
        var topics: [Match]
    }

    @Test("writes the matches of every labeled item")
    func evaluate() throws {
        let environment = ProcessInfo.processInfo.environment
        let topicsPath = try #require(environment["FEEDWATCH_TOPIC_EVAL_TOPICS"])
        let itemsPath = try #require(environment["FEEDWATCH_TOPIC_EVAL_ITEMS"])
        let outputPath = try #require(environment["FEEDWATCH_TOPIC_EVAL_OUTPUT"])
        let specs = try JSONDecoder().decode([TopicSpec].self, from: Data(contentsOf: URL(fileURLWithPath: topicsPath)))
        let classifier = try Classifier(
            topics: specs.map { TopicDefinition(name: $0.name, query: $0.query, minScore: $0.min_score) })
        var output = ""
        let encoder = JSONEncoder()
        for line in try String(contentsOfFile: itemsPath, encoding: .utf8).split(separator: "\n") {
            let item = try JSONDecoder().decode(Item.self, from: Data(line.utf8))
            let matches = classifier.classify(
                Entry(id: item.id, title: item.title, summary: item.summary),
                feed: FeedContext(name: "eval", url: "https://feedwatch.invalid", language: item.lang), explain: true)
            output += String(decoding: try encoder.encode(Line(id: item.id, topics: matches)), as: UTF8.self) + "\n"
        }
        try output.write(toFile: outputPath, atomically: true, encoding: .utf8)
        #expect(!output.isEmpty)
    }
}
