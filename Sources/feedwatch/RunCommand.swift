import ArgumentParser

/// `feedwatch run`: placeholder until its stage lands.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitStatus.unavailable
    }
}
