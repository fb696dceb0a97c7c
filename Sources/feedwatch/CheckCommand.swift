import ArgumentParser
import FeedwatchClassify
import FeedwatchConfig

/// `feedwatch check`: validates the configuration without touching the network.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration (feeds, topics, queries, notifier settings) without touching the network.",
        discussion: "Each problem is printed as FILE:LINE:COL: message. Exit status 78 when the file is invalid.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        let problems = Self.queryProblems(in: configuration)
        for problem in problems { printError(problem.description) }
        if !problems.isEmpty { throw ExitStatus.configError }
        print(
            "\(configuration.path): ok, \(configuration.feeds.count) feeds, \(configuration.topics.count) topics")
    }

    /// Every topic query that does not parse, placed at its position in the file.
    static func queryProblems(in configuration: Configuration) -> [ConfigurationIssue] {
        configuration.topics.compactMap { (topic) -> ConfigurationIssue? in
            do throws(QuerySyntaxError) {
                try TopicQuery.validate(topic.query)
                return nil
            } catch {
                let location = configuration.queryLocations[topic.name]
                let position = location?.position(ofOffset: error.offset) ?? (line: 0, column: 0)
                return ConfigurationIssue(
                    path: configuration.path, line: position.line, column: position.column,
                    message: "topics.\(topic.name).query: \(error.message)")
            }
        }
    }
}
