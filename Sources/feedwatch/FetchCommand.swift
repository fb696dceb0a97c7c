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
        let listed = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
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
enum FetchSummary {
    /// The summary of a successful fetch.
    static func json(_ response: FetchResponse) -> String {
        object([
            ("url", string(response.url)), ("final_url", string(response.finalURL)), ("status", "\(response.status)"),
            ("not_modified", "\(response.isNotModified)"), ("etag", string(response.etag)),
            ("last_modified", string(response.lastModified)), ("content_type", string(response.contentType)),
            ("bytes", "\(response.body.count)"), ("permanent_redirect", string(response.permanentRedirect)),
            ("retry_after_seconds", "null"), ("error", "null"),
        ])
    }

    /// The summary of a failed fetch.
    static func json(_ error: FetchError, url: String) -> String {
        object([
            ("url", string(url)), ("final_url", "null"), ("status", error.status.map { "\($0)" } ?? "null"),
            ("not_modified", "false"), ("etag", "null"), ("last_modified", "null"), ("content_type", "null"),
            ("bytes", "0"), ("permanent_redirect", "null"),
            ("retry_after_seconds", error.retryAfterSeconds.map { "\($0)" } ?? "null"),
            ("error", object([("kind", string(error.kind.rawValue)), ("message", string(error.message))])),
        ])
    }

    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (RFC 8259 section 7), or `null`.
    private static func string(_ value: String?) -> String {
        guard let value else { return "null" }
        // Most values need no escaping: copy them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + value + "\"" }
        var text = "\""
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
        return text + "\""
    }
}
