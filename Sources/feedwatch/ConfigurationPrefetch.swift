import FeedwatchConfig
import FeedwatchDaemon
import Synchronization

/// `feedwatch run` reads feeds.yml while ArgumentParser parses the command line.
///
/// Both stand between start and a pass's first request, one after the other: the parse (about
/// 14M instructions, most of them the runtime's first protocol-conformance lookups) on the main
/// thread, then the file on a pool thread (docs/performance.md, "Fetcher, session 8"). `main` guesses
/// the file `run` will read from the arguments (`--config PATH` or `--config=PATH`, else the default)
/// and starts reading it at once; the topics' queries are checked as soon as they are read, as
/// `RunCommand` does. `RunCommand` takes the result only if its own `--config`, as ArgumentParser
/// parsed it, names the same path; otherwise (a guess gone wrong, another verb) the result is never
/// looked at. Reading a file has no effect to undo, and nothing is printed here: the problems of a
/// file are printed by `RunCommand`, as before, once the arguments are known to be valid.
enum ConfigurationPrefetch {
    /// A configuration read ahead, and the check of its queries.
    struct Loaded: Sendable {
        let path: String
        let result: Result<Configuration, ConfigurationError>
        /// `CheckCommand.queryProblems` of the topics, started when they were read.
        let queryCheck: Task<[ConfigurationIssue], Never>?
    }

    private static let started = Mutex<Task<Loaded?, Never>?>(nil)

    /// Starts reading the file `feedwatch run` would read, if `arguments` (without the program's
    /// name) are a `run` command line.
    static func start(arguments: [String]) {
        guard arguments.first == "run" else { return }
        // As `RunCommand` does first: before the pass's threads (this one included) allocate.
        MallocArenas.limit(to: 2)
        // Even the guess is made there: the default path reads the environment, which the main
        // thread's parse need not wait for.
        let task = Task.detached { () -> Loaded? in
            guard let path = guessedPath(arguments: arguments) else { return nil }
            var queryCheck: Task<[ConfigurationIssue], Never>?
            let result = Result { () throws(ConfigurationError) -> Configuration in
                try ConfigurationLoader().load(path: path) { topicsRead in
                    queryCheck = Task.detached { CheckCommand.queryProblems(in: topicsRead) }
                }
            }
            return Loaded(path: path, result: result, queryCheck: queryCheck)
        }
        started.withLock { $0 = task }
    }

    /// What was read ahead for `path`, or nil (nothing started, or another file).
    static func take(path: String) async -> Loaded? {
        guard let task = started.withLock({ task in defer { task = nil }; return task }) else { return nil }
        guard let loaded = await task.value else { return nil }
        return loaded.path == path ? loaded : nil
    }

    /// The configuration file of a `run` command line: `--config`'s value (given once), else the
    /// default. Nil for any other command line; the guess needs not be right, only usually.
    static func guessedPath(arguments: [String]) -> String? {
        guard arguments.first == "run" else { return nil }
        var option: String?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return nil }
            if argument == "--config" {
                guard option == nil, index + 1 < arguments.count else { return nil }
                option = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--config=") {
                guard option == nil else { return nil }
                option = String(argument.dropFirst("--config=".count))
            }
            index += 1
        }
        return StateDirectory.configurationPath(option: option)
    }
}
