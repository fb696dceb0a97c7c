import Foundation

/// One problem in a configuration file, placed at FILE:LINE:COLUMN.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// 1-based line (0 when unknown).
    public var line: Int
    /// 1-based column (0 when unknown).
    public var column: Int
    /// What is wrong and what to do, naming the key.
    public var message: String

    /// Creates an issue.
    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL: message`, the format of `feedwatch check`.
    public var description: String { "\(path):\(line):\(column): \(message)" }
}

/// A configuration that could not be loaded: every problem found, in file order.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The problems.
    public var issues: [ConfigurationIssue]
    /// Whether the file itself could not be read (exit 66 rather than 78).
    public var isUnreadable: Bool

    /// Creates an error from its issues.
    public init(issues: [ConfigurationIssue], isUnreadable: Bool = false) {
        self.issues = issues
        self.isUnreadable = isUnreadable
    }

    /// One line per issue.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
