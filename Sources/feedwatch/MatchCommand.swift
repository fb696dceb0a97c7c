import ArgumentParser
import FeedwatchClassify
import FeedwatchModel
import FeedwatchParse
import Foundation

/// `feedwatch match`: classifies the items of one feed document against the configured topics.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Classify the items of one feed document against the configured topics.",
        discussion: """
            With --json: one JSON object a line per item, in document order: \
            {"id","title","link","topics":[{"topic","score","terms":[...]}]}. --explain adds, per topic, \
            "evidence": [{"term","field","snippet"}] with the match marked [like this].
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Print one JSON object per item (JSON Lines).")
    var json = false

    @Flag(name: .long, help: "Show where each term matched, with a snippet.")
    var explain = false

    @Option(name: .customLong("base-url"), help: "The document's own URL, to resolve relative links.")
    var baseURL: String?

    @Argument(help: "A feed document, or - for standard input.")
    var file: String

    func run() async throws {
        let configuration = try options.load()
        let problems = CheckCommand.queryProblems(in: configuration)
        if !problems.isEmpty {
            for problem in problems { printError(problem.description) }
            throw ExitStatus.configError
        }
        let data = try DocumentInput.read(file)
        let parsed: ParsedFeed
        do {
            parsed = try FeedParser().parse(data, baseURL: baseURL)
        } catch {
            printError("\(file): \(error)")
            throw ExitStatus.dataError
        }
        for warning in parsed.warnings { printError("\(file): warning: \(warning)") }
        let classifier = try Classifier(topics: configuration.topics)
        let context = FeedContext(
            name: parsed.feed.title ?? file, url: baseURL ?? parsed.feed.link ?? file, language: parsed.feed.language)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for entry in parsed.feed.items {
            let matches = classifier.classify(entry, feed: context, explain: explain)
            if json {
                let line = MatchLine(entry: entry, matches: matches, explain: explain)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else if !matches.isEmpty {
                print(entry.title ?? entry.link ?? entry.id ?? "(untitled)")
                for match in matches {
                    let terms = match.terms.map { "\($0.term) in \($0.field)" }.joined(separator: ", ")
                    print("  \(match.topic) (score \(Self.format(match.score))): \(terms)")
                    if explain {
                        for term in match.terms { if let snippet = term.snippet { print("    \(term.field): \(snippet)") } }
                    }
                }
            }
        }
    }

    static func format(_ score: Double) -> String { String(format: "%.2f", score) }
}

/// One line of `match --json`.
struct MatchLine: Encodable {
    struct TopicMatch: Encodable {
        var topic: String
        var score: Double
        var terms: [String]
        var evidence: [MatchedTerm]?
    }
    var id: String?
    var title: String?
    var link: String?
    var topics: [TopicMatch]

    init(entry: Entry, matches: [Match], explain: Bool) {
        id = entry.id
        title = entry.title
        link = entry.link
        topics = matches.map { match in
            var seen = Set<String>()
            let terms = match.terms.map(\.term).filter { seen.insert($0).inserted }
            return TopicMatch(
                topic: match.topic, score: (match.score * 1000).rounded() / 1000, terms: terms,
                evidence: explain ? match.terms : nil)
        }
    }

    enum CodingKeys: String, CodingKey { case id, title, link, topics }

    func encode(to encoder: Encoder) throws {
        // Every key is always present (null when missing), as in parse --json.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(link, forKey: .link)
        try container.encode(topics, forKey: .topics)
    }
}

/// Reads a document named on the command line (`-` is standard input); exits 66 when unreadable.
enum DocumentInput {
    static func read(_ file: String) throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("\(file): cannot read the file; check the path")
            throw ExitStatus.noInput
        }
        return data
    }
}
