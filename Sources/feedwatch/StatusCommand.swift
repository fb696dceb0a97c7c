import ArgumentParser

/// `feedwatch status`: placeholder until its stage lands.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitStatus.unavailable
    }
}
