// FeedwatchTestSupport: real parts for tests (a loopback HTTP server, temporary directories,
// running the built CLI). Nothing here mocks a stage.
import Foundation

/// A fresh directory under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory's URL.
    public let url: URL

    /// Creates a new empty directory.
    public init(prefix: String = "feedwatch-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes text to a file inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file, options: .atomic)
        return file.path
    }
}
