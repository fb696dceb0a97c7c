// classify-bench: items/s of Classifier.classify on one thread, for generated items and topics.
//
// Usage: classify-bench ITEMS.jsonl TOPICS.json...   (files from generate.py)
// Times are CPU time of the one classifying thread. For each topics file: compiles the topics, classifies every item twice (the first pass warms the
// per-thread word cache, as a running daemon's would be), and prints one line of JSON with the
// second pass's rate and the number of (item, topic) matches.
import FeedwatchClassify
import FeedwatchModel
import Foundation

struct Item: Decodable {
    var id: String
    var title: String
    var summary: String
}

struct TopicSpec: Decodable {
    var name: String
    var query: String
    /// The topic's `min_score` (feeds_topics.py copies feeds.yml's); nil for the default.
    var min_score: Double?
}

/// CPU seconds this thread spends in `body`: the benchmark machine is shared, and wall time would
/// count other processes' turns on the core.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: classify-bench ITEMS.jsonl TOPICS.json...\n".utf8))
    exit(64)
}
let decoder = JSONDecoder()
let entries = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n").map { line in
    let item = try decoder.decode(Item.self, from: Data(line.utf8))
    return Entry(id: item.id, title: item.title, summary: item.summary)
}
let bytes = entries.reduce(0) { $0 + ($1.title?.utf8.count ?? 0) + ($1.summary?.utf8.count ?? 0) }
// CLASSIFY_BENCH_LANGUAGE (e.g. en) is the feed's declared language, as the typical feeds of
// bench/fetch declare theirs (one stemmer per new word); without it the language is detected per item.
let feed = FeedContext(
    name: "bench", url: "https://bench.invalid/feed",
    language: ProcessInfo.processInfo.environment["CLASSIFY_BENCH_LANGUAGE"])

for topicsPath in arguments.dropFirst(2) {
    let specs = try decoder.decode([TopicSpec].self, from: Data(contentsOf: URL(fileURLWithPath: topicsPath)))
    var classifier: Classifier?
    let compileSeconds = try seconds {
        // CLASSIFY_BENCH_MIN_SCORE (e.g. 1e9) makes every topic's evidence fall short, to time
        // everything but building the `Match` values.
        let minScore = ProcessInfo.processInfo.environment["CLASSIFY_BENCH_MIN_SCORE"].flatMap(Double.init)
        classifier = try Classifier(
            topics: specs.map { TopicDefinition(name: $0.name, query: $0.query, minScore: minScore ?? $0.min_score) })
    }
    var matches = 0
    var passSeconds: [Double] = []
    // CLASSIFY_BENCH_PASSES (default 2) repeats the timed pass, e.g. so a profile is mostly warm passes;
    // 1 runs only the cold pass (every word met for the first time, as in a daemon's first pass).
    let passes = max(1, ProcessInfo.processInfo.environment["CLASSIFY_BENCH_PASSES"].flatMap(Int.init) ?? 2)
    for _ in 0..<passes {
        matches = 0
        passSeconds.append(
            seconds {
                for entry in entries { matches += classifier!.classify(entry, feed: feed).count }
            })
    }
    // The daemon classifies with `explain: true` (alerts and stored matches carry snippets), so one
    // more warm pass times that too.
    // With CLASSIFY_BENCH_PASSES set, the explain pass is repeated as often; `best_*` report the
    // fastest pass of each kind, the least disturbed by the other processes of a shared machine.
    var explainedMatches = 0
    var explainPassSeconds: [Double] = []
    // CLASSIFY_BENCH_EXPLAIN_PASSES=N overrides that count (e.g. 1, to profile the plain passes; 0 for
    // none, e.g. with CLASSIFY_BENCH_PASSES=1 to count the instructions of a cold pass alone).
    let explainPasses =
        ProcessInfo.processInfo.environment["CLASSIFY_BENCH_EXPLAIN_PASSES"].flatMap(Int.init).map { max(0, $0) }
        ?? (ProcessInfo.processInfo.environment["CLASSIFY_BENCH_PASSES"] == nil ? 1 : passes)
    for _ in 0..<explainPasses {
        explainedMatches = 0
        explainPassSeconds.append(
            seconds {
                for entry in entries { explainedMatches += classifier!.classify(entry, feed: feed, explain: true).count }
            })
    }
    let explainSeconds = explainPassSeconds.first ?? .infinity
    // CLASSIFY_BENCH_DUMP=DIRECTORY writes every item's explained matches to DIRECTORY/matches-N.txt,
    // one line per item, so two versions of the classifier can be compared with `cmp`.
    if let directory = ProcessInfo.processInfo.environment["CLASSIFY_BENCH_DUMP"] {
        var lines = ""
        for entry in entries {
            let found = classifier!.classify(entry, feed: feed, explain: true)
            lines += entry.id ?? ""
            for match in found {
                lines += "\t\(match.topic) \(match.score)"
                for term in match.terms { lines += " [\(term.term)|\(term.field)|\(term.snippet ?? "")]" }
            }
            lines += "\n"
        }
        try lines.write(toFile: "\(directory)/matches-\(specs.count).txt", atomically: true, encoding: .utf8)
    }
    let rate = Double(entries.count) / passSeconds[passes - 1]
    print(
        """
        {"engine":"feedwatch","topics":\(specs.count),"items":\(entries.count),"mean_item_bytes":\(bytes / entries.count),\
        "compile_seconds":\(String(format: "%.3f", compileSeconds)),\
        "first_pass_items_per_second":\(Int(Double(entries.count) / passSeconds[0])),\
        "items_per_second":\(Int(rate)),"matches":\(matches),\
        "explain_items_per_second":\(Int(Double(entries.count) / explainSeconds)),"explained_matches":\(explainedMatches),\
        "best_items_per_second":\(Int(Double(entries.count) / (passSeconds.dropFirst().min() ?? passSeconds[0]))),\
        "best_explain_items_per_second":\(Int(Double(entries.count) / (explainPassSeconds.min() ?? .infinity)))}
        """)
}
