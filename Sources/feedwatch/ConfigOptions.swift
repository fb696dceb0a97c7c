import ArgumentParser
import FeedwatchConfig
import FeedwatchDaemon
import Foundation

/// `--config` and `--state-dir`, shared by every verb that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $FEEDWATCH_CONFIG, else /etc/feedwatch/feeds.yml under systemd, else ./feeds.yml).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "Where the database and digests live (default: $STATE_DIRECTORY under systemd, else ~/.local/state/feedwatch).")
    var stateDirectory: String?

    /// The configuration file that applies.
    var configurationPath: String { StateDirectory.configurationPath(option: config) }

    /// Loads the configuration, printing every problem as FILE:LINE:COL and exiting 78 (66 if unreadable).
    /// `whenTopicsRead` gets the topics before the feeds are read (`ConfigurationLoader`).
    func load(whenTopicsRead: (Configuration) -> Void = { _ in }) throws -> Configuration {
        try loaded(Result { () throws(ConfigurationError) -> Configuration in
            try ConfigurationLoader().load(path: configurationPath, whenTopicsRead: whenTopicsRead)
        })
    }

    /// `load()`'s answer for a file read already (`ConfigurationPrefetch`).
    func loaded(_ result: Result<Configuration, ConfigurationError>) throws -> Configuration {
        switch result {
        case .success(let configuration):
            return configuration
        case .failure(let error):
            for issue in error.issues { printError(issue.description) }
            throw error.isUnreadable ? ExitStatus.noInput : ExitStatus.configError
        }
    }

    /// The state directory for a loaded configuration.
    func stateDirectory(for configuration: Configuration) -> String {
        StateDirectory.path(option: stateDirectory, configured: configuration.settings.stateDirectory)
    }
}

/// Writes one line to stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
