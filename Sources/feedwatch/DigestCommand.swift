import ArgumentParser

/// `feedwatch digest`: placeholder until its stage lands.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "digest", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitStatus.unavailable
    }
}
