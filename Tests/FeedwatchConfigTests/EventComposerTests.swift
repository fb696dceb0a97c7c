@testable import FeedwatchConfig
import Foundation
import Testing
import Yams
import FeedwatchTestSupport

/// `EventComposer` against Yams' own composer: the same tree (kinds, text, tags, styles and
/// positions) for every document it composes, and nothing where Yams reports an error.
@Suite("feeds.yml composer")
struct EventComposerTests {
    @Test("the repository's feeds.yml and a generated one of 1,000 feeds compose as Yams composes them")
    func realFiles() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds.yml")
        let text = try String(contentsOf: repository, encoding: .utf8)
        try expectSameTree(text, mustCompose: true)
        var generated = "settings:\n  interval: 30m\n  state_dir: /tmp/x\nfeeds:\n"
        for index in 0..<1_000 {
            generated += "  - {url: http://127.0.0.1:18777/typical/1000/\(index).xml, allow_private: true}\n"
        }
        generated += "topics:\n  a: 'b OR c'\n"
        try expectSameTree(generated, mustCompose: true)
    }

    @Test("the YAML forms a feeds.yml may use compose as Yams composes them")
    func forms() throws {
        let documents = [
            "",
            "# only a comment\n",
            "feeds:\n",
            "a: 1\nb: [1, 2, {c: d}]\n",
            "a: 'single ''quoted'''\nb: \"double \\\"quoted\\\" \\u00e9 \\t\"\n",
            "a: |\n  literal\n  text\nb: >-\n  folded\n  text\n",
            "? complex key\n: value\n",
            "a: !!str 12\nb: !custom x\nc: !!map {d: e}\nd: !!seq [1]\n",
            "a: ~\nb: null\nc:\nd: true\ne: 0x1F\n",
            "- a\n- - b\n  - c\n- {}\n- []\n",
            "%YAML 1.1\n---\na: b\n...\n",
            "---\n- x\n",
            "a: \"caf\\u00e9 \\x41\\0 end\"\n",
            "naïve: 日本語\nκλειδί: 'τιμή'\n",
            "a: b\n\n\n   \nc: d   # trailing\n",
            "settings: {interval: 30m, timeout: {connect: 15s, total: 60s}}\n",
            "a:\n  - b: c\n    d: e\n  - f\n",
        ]
        for document in documents { try expectSameTree(document, mustCompose: true) }
    }

    @Test("anchors, aliases, several documents and syntax errors are left to Yams")
    func leftToYams() throws {
        let documents = [
            "a: &x 1\nb: *x\n",
            "a: &m {b: c}\n",
            "- &s [1]\n",
            "a: b\n---\nc: d\n",
            "a: [1, 2\n",
            "a: b\n c: d\n",
            "a: 'unterminated\n",
            "\t- tab\n",
            "a: *undefined\n",
            "{a: b}}\n",
        ]
        for document in documents {
            #expect(EventComposer.compose(document, resolver: .basic) == nil, "\(document.debugDescription)")
        }
    }

    @Test("random documents and random damage: the same tree, or Yams' error")
    func random() throws {
        var generator = SeededGenerator(seed: 0x5EED_F00D)
        var composed = 0
        for round in 0..<1_500 {
            var text = randomDocument(using: &generator, depth: 0, indent: "")
            if round % 3 == 2, !text.isEmpty {
                // Damage: a character removed, doubled or replaced by a YAML indicator.
                var scalars = Array(text.unicodeScalars)
                let at = Int.random(in: 0..<scalars.count, using: &generator)
                let indicators: [Unicode.Scalar] = [":", "-", "[", "]", "{", "}", "'", "\"", "#", " ", "\n", "&", "*", "!", "|"]
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(scalars[at], at: at)
                default: scalars[at] = indicators.randomElement(using: &generator)!
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                text = String(view)
            }
            if try expectSameTree(text, mustCompose: false) { composed += 1 }
        }
        // The generator makes no anchors: most documents, damaged or not, must take the fast path.
        #expect(composed > 1_000)
    }

    /// Compares the two composers on `text`; true when the fast one composed it.
    @discardableResult
    func expectSameTree(_ text: String, mustCompose: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Bool
    {
        let fast = EventComposer.compose(text, resolver: .basic)
        let yams: Node?
        do {
            yams = try Yams.compose(yaml: text, Resolver.basic)
        } catch {
            #expect(fast == nil, "composed what Yams rejects: \(text.debugDescription)", sourceLocation: sourceLocation)
            return false
        }
        guard let fast else {
            #expect(!mustCompose, "left to Yams: \(text.debugDescription)", sourceLocation: sourceLocation)
            return false
        }
        #expect(describe(fast) == describe(yams), "\(text.debugDescription)", sourceLocation: sourceLocation)
        return true
    }

    /// Everything a node holds that NodeReader reads, as text.
    func describe(_ node: Node?) -> String {
        guard let node else { return "nil" }
        func at(_ mark: Mark?) -> String { mark.map { "@\($0.line):\($0.column)" } ?? "@-" }
        switch node {
        case .scalar(let scalar):
            return "scalar(\(scalar.string.debugDescription) tag=\(scalar.tag) style=\(scalar.style)\(at(scalar.mark)))"
        case .sequence(let sequence):
            return "seq(tag=\(sequence.tag) style=\(sequence.style)\(at(sequence.mark)) ["
                + sequence.map(describe).joined(separator: ", ") + "])"
        case .mapping(let mapping):
            return "map(tag=\(mapping.tag) style=\(mapping.style)\(at(mapping.mark)) {"
                + mapping.map { "\(describe($0.key)): \(describe($0.value))" }.joined(separator: ", ") + "})"
        }
    }

    func randomScalar(using generator: inout SeededGenerator) -> String {
        let plain = ["a", "url", "http://127.0.0.1:18777/x.xml", "30m", "true", "~", "12", "0x1F", "naïve", "日本", "a b"]
        let word = plain.randomElement(using: &generator)!
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return "'\(word) ''q'''"
        case 1: return "\"\(word) \\u00e9 \\\"\""
        case 2: return "!!str \(word)"
        default: return word
        }
    }

    func randomDocument(using generator: inout SeededGenerator, depth: Int, indent: String) -> String {
        var text = ""
        let count = Int.random(in: 0..<(depth == 0 ? 6 : 4), using: &generator)
        let asList = Bool.random(using: &generator)
        for index in 0..<count {
            let prefix = asList ? "\(indent)- " : "\(indent)k\(index): "
            switch depth < 2 ? Int.random(in: 0..<5, using: &generator) : 0 {
            case 0, 1:
                text += prefix + randomScalar(using: &generator)
                if Bool.random(using: &generator) { text += "  # note" }
                text += "\n"
            case 2:
                let items = (0..<Int.random(in: 0..<3, using: &generator)).map { "f\($0): " + randomScalar(using: &generator) }
                text += prefix + "{" + items.joined(separator: ", ") + "}\n"
            case 3:
                text += prefix + "|\n\(indent)  line one\n\(indent)  line two\n"
            default:
                text += (asList ? "\(indent)-\n" : "\(indent)k\(index):\n")
                text += randomDocument(using: &generator, depth: depth + 1, indent: indent + "  ")
            }
        }
        return text
    }
}
