import ArgumentParser

/// Exit statuses from sysexits(3), as `shared/spec/cli.md` requires.
enum ExitStatus {
    /// The command was used incorrectly.
    static let usage = ExitCode(64)
    /// The input data was incorrect (not a feed, unrecoverable XML).
    static let dataError = ExitCode(65)
    /// An input file did not exist or was not readable.
    static let noInput = ExitCode(66)
    /// A service is unavailable, or a request was refused by policy (permanent).
    static let unavailable = ExitCode(69)
    /// A temporary failure; retrying later may succeed.
    static let temporaryFailure = ExitCode(75)
    /// The configuration is invalid.
    static let configError = ExitCode(78)
}
