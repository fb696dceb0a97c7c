import ArgumentParser

/// `feedwatch match`: placeholder until its stage lands.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "match", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitStatus.unavailable
    }
}
