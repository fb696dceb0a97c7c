import ArgumentParser

/// `feedwatch notify`: placeholder until its stage lands.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notify", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitStatus.unavailable
    }
}
