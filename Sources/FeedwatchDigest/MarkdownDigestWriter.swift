import FeedwatchModel
/// Writes a digest as CommonMark: feed text is backslash-escaped, so it can neither format nor link.
struct MarkdownDigestWriter {
    let context: RenderContext

    func write() -> String {
        let digest = context.digest
        var lines = [
            "# feedwatch digest \(digest.day) (\(digest.timeZone.identifier))",
            "",
            TextSafety.markdown(context.summaryLine) + ".",
        ]
        for section in digest.sections {
            lines += ["", "## \(TextSafety.markdown(FeedText.singleLine(section.topic)))", ""]
            for (index, item) in section.items.enumerated() {
                let title = TextSafety.markdown(item.title)
                let linked = item.link.map { "[\(title)](<\(TextSafety.markdownDestination($0))>)" } ?? title
                lines.append("\(index + 1). **\(linked)**  ")
                let sources = context.sources(item)
                var about = TextSafety.markdown(sources.lead)
                if !sources.others.isEmpty {
                    about += " · also: " + sources.others.map(TextSafety.markdown).joined(separator: ", ")
                }
                about += " · " + TextSafety.markdown(context.time(item.time))
                var detail = ["   \(about)"]
                if !item.matchedTerms.isEmpty {
                    detail.append(
                        "   matched: "
                            + item.matchedTerms.map { "*\(TextSafety.markdown(FeedText.singleLine($0)))*" }
                            .joined(separator: ", "))
                }
                if let snippet = item.snippet { detail.append("   " + TextSafety.markdown(snippet)) }
                if item.isOverflow { detail.append("   _\(TextSafety.markdown(DigestItem.overflowNote))_") }
                // Two trailing spaces make a hard line break inside the list item, except after the last line.
                lines += detail.enumerated().map { $0.offset == detail.count - 1 ? $0.element : $0.element + "  " }
            }
        }
        lines += ["", "## Feed health", "", TextSafety.markdown(context.healthLine) + "."]
        if !digest.feedHealth.isEmpty { lines.append("") }
        for report in digest.feedHealth {
            lines.append(
                "- **\(TextSafety.markdown(FeedText.singleLine(report.feed.name)))** "
                    + "(\(TextSafety.markdown(FeedText.singleLine(report.feed.url)))): "
                    + TextSafety.markdown(context.healthDescription(report)))
        }
        lines += ["", "---", "", "_\(TextSafety.markdown(context.generatedLine))_"]
        return lines.joined(separator: "\n") + "\n"
    }
}
