import Foundation

/// A `feedwatch` process running in the background (the daemon), with its output in files so that
/// tests can wait, with deadlines, for what it logs, and signal or kill it.
public final class RunningFeedwatch: @unchecked Sendable {
    private let process: Process
    private let stdoutURL: URL
    private let stderrURL: URL

    /// Starts `feedwatch ARGS` with extra environment variables.
    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try FeedwatchCommand.binaryPath())
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let directory = FileManager.default.temporaryDirectory
        stdoutURL = directory.appendingPathComponent("feedwatch-daemon-out-\(UUID().uuidString)")
        stderrURL = directory.appendingPathComponent("feedwatch-daemon-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// Everything it wrote to stderr so far.
    public var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Sends a signal.
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits until stderr satisfies `condition` or `seconds` pass; returns whether it did.
    @discardableResult
    public func waitForStderr(deadline seconds: Double, _ condition: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition(stderr) { return true }
            if !process.isRunning { return condition(stderr) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition(stderr)
    }

    /// Waits for the process to exit within `seconds`; returns its status, or nil if still running.
    public func waitForExit(deadline seconds: Double) -> Int32? {
        let end = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
