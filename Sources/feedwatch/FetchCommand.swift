import ArgumentParser
import FeedwatchDaemon
import FeedwatchFetch
import Foundation

/// `feedwatch fetch`: fetches URLs with every policy of the daemon and prints the body or a JSON summary.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch a URL with the daemon's policies (caps, timeouts, redirect rules, private-address refusal).",
        discussion: """
            The decoded body goes to stdout; with --json a summary instead (one line per URL). Exit status \
            0 on 2xx or 304, 75 on a temporary failure, 69 on a permanent failure or a refusal.
            """)

    @Option(name: .customLong("allow-host"), help: ArgumentHelp(
        "Permit this private or loopback destination (HOST or HOST:PORT); repeatable.", valueName: "HOST[:PORT]"))
    var allowedHosts: [String] = []

    @Option(name: .customLong("etag"), help: "Send this ETag as If-None-Match (a 304 then prints nothing).")
    var etag: String?

    @Option(name: .customLong("last-modified"), help: "Send this date as If-Modified-Since.")
    var lastModified: String?

    @Option(name: .customLong("max-body-bytes"), help: "Refuse decoded bodies larger than this (default 10 MB).")
    var maxBodyBytes: Int = 10 << 20

    @Option(name: .customLong("header"), help: ArgumentHelp("Add a request header; repeatable.", valueName: "NAME: VALUE"))
    var headers: [String] = []

    @Option(name: .customLong("concurrency"), help: "The most transfers at once, over all hosts (default 64).")
    var concurrency: Int = FetcherConfiguration().maxConcurrentTransfers

    @Option(name: .customLong("per-host"), help: "The most transfers at once to one host:port (default 2).")
    var perHost: Int = FetcherConfiguration().maxTransfersPerHost

    @Flag(name: .customLong("json"), help: "Print a JSON summary instead of the body.")
    var json = false

    @Option(name: .customLong("url-file"), help: ArgumentHelp(
        "Also fetch the URLs listed in this file, one a line (with --json; for benchmarks).", valueName: "FILE"))
    var urlFile: String?

    @Argument(help: ArgumentHelp("The URL to fetch (several with --json: one JSON line each, fetched concurrently).",
        valueName: "URL"))
    var arguments: [String] = []

    /// The URLs from the arguments, then from `--url-file`.
    private func urls() throws -> [String] {
        guard let urlFile else { return arguments }
        guard let text = try? String(contentsOfFile: urlFile, encoding: .utf8) else {
            FileHandle.standardError.write(Data("feedwatch fetch: \(urlFile): cannot read the URL file\n".utf8))
            throw ExitStatus.noInput
        }
        // Trimmed only when a line starts or ends with white space: Foundation's trimming of every
        // line was 4% of a 304 pass over 5,000 URLs (bench/fetch).
        let listed = text.split(whereSeparator: \.isNewline).map { line -> String in
            guard let first = line.first, let last = line.last, first.isWhitespace || last.isWhitespace else {
                return String(line)
            }
            return line.trimmingCharacters(in: .whitespaces)
        }
        return arguments + listed.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    func validate() throws {
        if arguments.isEmpty && urlFile == nil { throw ValidationError("Give a URL to fetch.") }
        if (arguments.count > 1 || urlFile != nil) && !json {
            throw ValidationError("Several URLs need --json (one summary line each).")
        }
        if concurrency <= 0 || perHost <= 0 { throw ValidationError("--concurrency and --per-host must be positive.") }
        if maxBodyBytes <= 0 { throw ValidationError("--max-body-bytes must be positive.") }
        for header in headers where !header.contains(":") {
            throw ValidationError("--header '\(header)' is not of the form 'Name: value'.")
        }
    }

    func run() async throws {
        var configuration = FetcherConfiguration()
        configuration.userAgent = FetcherConfiguration.userAgent(version: FeedwatchInfo.version)
        configuration.maxConcurrentTransfers = concurrency
        configuration.maxTransfersPerHost = perHost
        let fetcher = Fetcher(configuration: configuration)
        let extraHeaders = Dictionary(headers.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }, uniquingKeysWith: { _, last in last })
        let requests = try urls().map {
            FetchRequest(url: $0, etag: etag, lastModified: lastModified, allowedHosts: Set(allowedHosts),
                maxBodyBytes: maxBodyBytes, headers: extraHeaders)
        }
        // Each fetch is turned into its output at once, so bodies are not all held until the end.
        let json = self.json
        let outcomes = await withTaskGroup(of: (Int, FetchOutput).self) { group in
            // A sliding window of child tasks (twice the transfer limit keeps the fetcher's queue full)
            // instead of one task per URL: thousands of suspended tasks cost memory for nothing.
            let window = max(1, configuration.maxConcurrentTransfers * 2)
            var next = 0
            func addNext() {
                guard next < requests.count else { return }
                let index = next
                let request = requests[index]
                next += 1
                group.addTask {
                    do throws(FetchError) {
                        let response = try await fetcher.fetch(request)
                        return (index, FetchOutput(
                            stdout: json ? Data((FetchSummary.json(response) + "\n").utf8) : response.body,
                            error: nil))
                    } catch {
                        return (index, FetchOutput(
                            stdout: json ? Data((FetchSummary.json(error, url: request.url) + "\n").utf8) : Data(),
                            error: error))
                    }
                }
            }
            for _ in 0..<window { addNext() }
            var collected: [(Int, FetchOutput)] = []
            collected.reserveCapacity(requests.count)
            for await item in group {
                collected.append(item)
                addNext()
            }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var worst: ExitCode?
        var output = Data()
        for outcome in outcomes {
            output.append(outcome.stdout)
            guard let error = outcome.error else { continue }
            if !json { FileHandle.standardError.write(Data("feedwatch fetch: \(error.message)\n".utf8)) }
            if !error.isTemporary {
                worst = ExitStatus.unavailable
            } else if worst == nil {
                worst = ExitStatus.temporaryFailure
            }
        }
        FileHandle.standardOutput.write(output)
        if let worst { throw worst }
    }
}

/// What one fetch prints, and its error if it failed.
private struct FetchOutput: Sendable {
    var stdout: Data
    var error: FetchError?
}

/// The `--json` line of `feedwatch fetch`, keys in the order `shared/spec/cli.md` lists them.
///
/// Written into one String as it goes (no array of members joined afterwards): with thousands of
/// URLs, building each line took 6% of a 304 pass (bench/fetch).
enum FetchSummary {
    /// The summary of a successful fetch.
    static func json(_ response: FetchResponse) -> String {
        var line = JSONLine()
        line.member("url", string: response.url)
        line.member("final_url", string: response.finalURL)
        line.member("status", raw: String(response.status))
        line.member("not_modified", raw: response.isNotModified ? "true" : "false")
        line.member("etag", string: response.etag)
        line.member("last_modified", string: response.lastModified)
        line.member("content_type", string: response.contentType)
        line.member("bytes", raw: String(response.body.count))
        line.member("permanent_redirect", string: response.permanentRedirect)
        line.member("retry_after_seconds", raw: "null")
        line.member("error", raw: "null")
        return line.finished()
    }

    /// The summary of a failed fetch.
    static func json(_ error: FetchError, url: String) -> String {
        var detail = JSONLine()
        detail.member("kind", string: error.kind.rawValue)
        detail.member("message", string: error.message)
        var line = JSONLine()
        line.member("url", string: url)
        line.member("final_url", raw: "null")
        line.member("status", raw: error.status.map { String($0) } ?? "null")
        line.member("not_modified", raw: "false")
        line.member("etag", raw: "null")
        line.member("last_modified", raw: "null")
        line.member("content_type", raw: "null")
        line.member("bytes", raw: "0")
        line.member("permanent_redirect", raw: "null")
        line.member("retry_after_seconds", raw: error.retryAfterSeconds.map { String($0) } ?? "null")
        line.member("error", raw: detail.finished())
        return line.finished()
    }
}

/// One JSON object written member by member (keys are plain ASCII names that need no escaping).
private struct JSONLine {
    private var text = "{"

    init() { text.reserveCapacity(256) }

    /// `"key":` followed by `value` as it is (a number, `true`, `null`, an object).
    mutating func member(_ key: String, raw value: String) {
        if text.utf8.count > 1 { text += "," }
        text += "\""
        text += key
        text += "\":"
        text += value
    }

    /// `"key":` followed by `value` as a JSON string, or `null`.
    mutating func member(_ key: String, string value: String?) {
        guard let value else { return member(key, raw: "null") }
        member(key, raw: "")
        Self.appendString(value, to: &text)
    }

    /// The object, closed.
    func finished() -> String { text + "}" }

    /// Appends a JSON string literal (RFC 8259 section 7).
    private static func appendString(_ value: String, to text: inout String) {
        // Most values need no escaping: copy them whole.
        func needsEscaping(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }
        // Over the contiguous bytes when there are (native strings): the generic UTF8View walk was slower.
        let escaping = value.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscaping) }
        if !(escaping ?? value.utf8.contains(where: needsEscaping)) {
            text += "\""
            text += value
            text += "\""
            return
        }
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
