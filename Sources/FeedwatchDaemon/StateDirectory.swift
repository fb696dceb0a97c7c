import Foundation

/// Where the configuration and the state (database, digests) live, by the precedence documented in
/// the README: command line, then environment (systemd's `$STATE_DIRECTORY`), then per-user defaults.
public enum StateDirectory {
    /// The configuration file: `--config`, else `$FEEDWATCH_CONFIG`, else `/etc/feedwatch/feeds.yml`
    /// under systemd (`$INVOCATION_ID` set), else `./feeds.yml`.
    public static func configurationPath(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let option { return option }
        if let path = environment["FEEDWATCH_CONFIG"], !path.isEmpty { return path }
        if environment["INVOCATION_ID"] != nil, environment["CONFIGURATION_DIRECTORY"] != nil {
            return "/etc/feedwatch/feeds.yml"
        }
        return "feeds.yml"
    }

    /// The state directory: `--state-dir`, else `settings.state_dir`, else `$STATE_DIRECTORY`
    /// (systemd; the first entry if several), else `$XDG_STATE_HOME/feedwatch`, else
    /// `~/.local/state/feedwatch`.
    public static func path(
        option: String?, configured: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let option { return option }
        if let configured { return configured }
        if let systemd = environment["STATE_DIRECTORY"]?.split(separator: ":").first { return String(systemd) }
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/feedwatch" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/feedwatch"
    }

    /// The database file inside a state directory.
    public static func databasePath(in directory: String) -> String { directory + "/feedwatch.sqlite" }
}
