// The feedwatch command line: one verb per pipeline stage plus the daemon. Commands are thin; each
// lives in its own file and composes the stage modules.
import ArgumentParser
import FeedwatchDaemon

@main
struct Feedwatch: AsyncParsableCommand {
    static func main() async {
        SignalMask.unblockAll()
        ConfigurationPrefetch.start(arguments: Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds and alert once when an item is about a topic you follow.",
        version: FeedwatchInfo.version,
        subcommands: [
            RunCommand.self, CheckCommand.self, ParseCommand.self, FetchCommand.self, MatchCommand.self,
            DigestCommand.self, NotifyCommand.self, StatusCommand.self,
        ]
    )
}
