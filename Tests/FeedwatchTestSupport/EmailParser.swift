import Foundation

/// Parses an email with Python's standard MIME parser (Scripts/parse_email.py): an independent
/// reading of what feedwatch wrote.
public enum EmailParser {
    /// What the parser saw.
    public struct Parsed: Sendable, Decodable {
        /// Decoded header values by lowercased name (RFC 2047 words decoded).
        public var headers: [String: [String]]
        /// Header names in order as they appear.
        public var header_names: [String]
        /// Parser defects (empty when well-formed).
        public var defects: [String]
        /// Leaf parts with their decoded text.
        public var parts: [Part]
        /// The top-level content type.
        public var content_type: String
        /// True when every line ends CRLF and no bare CR or LF occurs.
        public var crlf_only: Bool
        /// The longest line in bytes, without its CRLF.
        public var longest_line: Int
        /// True when every byte is ASCII.
        public var seven_bit: Bool
        /// The number of raw header lines (folded lines count separately).
        public var raw_header_lines: Int
        /// From as (display name, address) pairs.
        public var from_addresses: [[String]]?
        /// To as (display name, address) pairs.
        public var to_addresses: [[String]]?

        /// One header's single value, or nil.
        public func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    }

    /// One leaf MIME part.
    public struct Part: Sendable, Decodable {
        /// e.g. text/plain.
        public var content_type: String
        /// e.g. utf-8.
        public var charset: String?
        /// e.g. quoted-printable.
        public var transfer_encoding: String?
        /// The decoded text.
        public var content: String
    }

    /// Parses raw message bytes.
    public static func parse(_ raw: Data) throws -> Parsed {
        guard let script = Bundle.module.url(forResource: "Scripts/parse_email.py", withExtension: nil) else {
            throw TestSupportError.missingResource("parse_email.py")
        }
        let directory = try TemporaryDirectory(prefix: "feedwatch-email")
        let file = directory.url.appendingPathComponent("message.eml")
        try raw.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, file.path]
        let output = directory.url.appendingPathComponent("out.json")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        return try JSONDecoder().decode(Parsed.self, from: try Data(contentsOf: output))
    }
}
