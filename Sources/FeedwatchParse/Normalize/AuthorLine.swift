import Foundation

/// The e-mail address inside an RSS author line such as `jane@example.org (Jane Doe)`.
enum AuthorLine {
    // feedparser's pattern, except that a top-level domain may be any DNS label length: with its
    // `{2,4}` an address at `.example`, `.media` or `.news` matched only in part and left
    // `ple (Jane` as the name (docs/conformance.md lists the one corpus document this changes).
    private static let emailPattern = try! NSRegularExpression(
        pattern:
            #"(([a-zA-Z0-9_\-.+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,63}|[0-9]{1,3})(\]?))(\?subject=\S+)?"#
    )

    /// The range of the first e-mail address in `line`, if any.
    static func emailRange(in line: String) -> Range<String.Index>? {
        guard line.utf8.contains(UInt8(ascii: "@")) else { return nil }
        let whole = NSRange(line.startIndex..., in: line)
        guard let match = emailPattern.firstMatch(in: line, range: whole) else { return nil }
        return Range(match.range, in: line)
    }
}
