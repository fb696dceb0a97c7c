import FeedwatchModel
/// Writes a digest as plain text for a terminal: no escape sequence or line break from a feed survives.
struct TextDigestWriter {
    let context: RenderContext

    func write() -> String {
        let digest = context.digest
        var lines = [
            "feedwatch digest \(digest.day) (\(digest.timeZone.identifier))",
            context.summaryLine,
        ]
        for section in digest.sections {
            let heading = "\(FeedText.singleLine(section.topic)) · \(context.plural(section.items.count, "story", "stories"))"
            lines += ["", heading, String(repeating: "=", count: heading.count)]
            for (index, item) in section.items.enumerated() {
                lines.append("")
                lines.append("\(index + 1). \(item.title)")
                let sources = context.sources(item)
                var about = sources.lead
                if !sources.others.isEmpty { about += " · also: " + sources.others.joined(separator: ", ") }
                lines.append("   \(about) · \(context.time(item.time))")
                if let link = item.link { lines.append("   \(link)") }
                if !item.matchedTerms.isEmpty {
                    lines.append("   matched: " + item.matchedTerms.map(FeedText.singleLine).joined(separator: ", "))
                }
                if let snippet = item.snippet { lines.append("   \(snippet)") }
                if item.isOverflow { lines.append("   (\(DigestItem.overflowNote))") }
            }
        }
        lines += ["", "Feed health: \(context.healthLine)"]
        for report in digest.feedHealth {
            lines.append(
                "- \(FeedText.singleLine(report.feed.name)) <\(FeedText.singleLine(report.feed.url))>: "
                    + context.healthDescription(report))
        }
        lines += ["", context.generatedLine]
        return lines.joined(separator: "\n") + "\n"
    }
}
