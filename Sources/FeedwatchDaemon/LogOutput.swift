import Foundation
import Logging

/// A swift-log handler for a daemon: one line per event on stderr, `key=value` metadata after the
/// message, and the sd-daemon priority prefix (`<3>` error ... `<7>` debug) when stderr is the
/// journal (`JOURNAL_STREAM` set), so journald records the right priority without libsystemd.
public struct LogOutput: LogHandler {
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// The least level written.
    public var logLevel: Logger.Level
    let label: String
    let isJournal: Bool
    let write: @Sendable (String) -> Void

    /// Creates a handler; `isJournal` defaults to whether `JOURNAL_STREAM` is set; `write` receives
    /// each finished line (default: stderr).
    public init(
        label: String, level: Logger.Level = .info, isJournal: Bool? = nil,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.logLevel = level
        self.isJournal = isJournal ?? (ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil)
        self.write = write
    }

    /// Bootstraps swift-log with this handler once per process.
    public static func bootstrap(level: Logger.Level = .info) {
        LoggingSystem.bootstrap { label in LogOutput(label: label, level: level) }
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var fields = metadata
        if let explicit = event.metadata { fields.merge(explicit) { $1 } }
        if let error = event.error { fields["error"] = "\(error)" }
        let rendered = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote("\($0.value)"))" }
        let text = ([Self.oneLine(message.description)] + rendered).joined(separator: " ")
        let output: String
        if isJournal {
            output = "<\(Self.priority(level))>\(text)\n"  // journald adds its own timestamp
        } else {
            let stamp = Date().formatted(.iso8601)
            output = "\(stamp) \(level) \(text)\n"
        }
        write(output)
    }

    /// syslog priority of a level (sd-daemon(3)).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func oneLine(_ text: String) -> String { String(text.map { $0.isNewline ? " " : $0 }) }

    static func quote(_ value: String) -> String {
        let flat = oneLine(value)
        if !flat.isEmpty && !flat.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) { return flat }
        return "\"" + flat.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
