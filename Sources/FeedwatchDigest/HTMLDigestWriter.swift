import FeedwatchModel
/// Writes a digest as one self-contained HTML document for mail clients: nested presentation tables
/// (Outlook and Gmail ignore much CSS layout but honour tables), inline styles only, no scripts,
/// no images, no external resources. Every string from a feed is escaped; links appear only as
/// http(s) `href`s.
struct HTMLDigestWriter {
    let context: RenderContext

    private static let font = "font-family:Arial,Helvetica,sans-serif;"
    private static let muted = "color:#52606d;font-size:13px;line-height:18px;"

    func write() -> String {
        let digest = context.digest
        let title = "feedwatch digest \(digest.day)"
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(FeedText.html(title))</title>",
            "</head>",
            "<body style=\"margin:0;padding:0;background:#f4f5f7;\">",
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f5f7;\">",
            "<tr><td align=\"center\" style=\"padding:16px 8px;\">",
            "<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:640px;background:#ffffff;border:1px solid #d9dde3;\(Self.font)color:#1f2933;\">",
            row(
                "padding:20px 24px 12px;border-bottom:3px solid #2f5d8a;",
                "<h1 style=\"margin:0;font-size:22px;line-height:28px;\(Self.font)\">\(FeedText.html(title))</h1>"
                    + "<p style=\"margin:4px 0 0;\(Self.muted)\">\(FeedText.html(digest.timeZone.identifier)) · "
                    + "\(FeedText.html(context.summaryLine))</p>"),
        ]
        for section in digest.sections {
            lines.append(
                row(
                    "padding:18px 24px 6px;",
                    "<h2 style=\"margin:0;font-size:17px;line-height:22px;color:#2f5d8a;\(Self.font)\">"
                        + "\(FeedText.html(FeedText.singleLine(section.topic)))"
                        + " <span style=\"\(Self.muted)font-weight:normal;\">"
                        + "\(context.plural(section.items.count, "story", "stories"))</span></h2>"))
            for item in section.items { lines.append(story(item)) }
        }
        lines.append(
            row(
                "padding:18px 24px 6px;border-top:1px solid #d9dde3;",
                "<h2 style=\"margin:0;font-size:17px;line-height:22px;color:#2f5d8a;\(Self.font)\">Feed health</h2>"
                    + "<p style=\"margin:4px 0 0;\(Self.muted)\">\(FeedText.html(context.healthLine))</p>"))
        for report in digest.feedHealth { lines.append(health(report)) }
        lines += [
            row(
                "padding:16px 24px 20px;",
                "<p style=\"margin:0;color:#7b8794;font-size:12px;line-height:16px;\">"
                    + "\(FeedText.html(context.generatedLine))</p>"),
            "</table>",
            "</td></tr>",
            "</table>",
            "</body>",
            "</html>",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ style: String, _ content: String) -> String {
        "<tr><td style=\"\(style)\">\(content)</td></tr>"
    }

    private func story(_ item: DigestItem) -> String {
        let title = FeedText.html(item.title)
        var html: String
        if let link = item.link {
            html = "<a href=\"\(FeedText.html(link))\" style=\"color:#1a4f8b;font-size:15px;line-height:20px;"
                + "font-weight:bold;text-decoration:none;\">\(title)</a>"
        } else {
            html = "<span style=\"font-size:15px;line-height:20px;font-weight:bold;\">\(title)</span>"
        }
        let sources = context.sources(item)
        var about = FeedText.html(sources.lead)
        if !sources.others.isEmpty { about += " · also: " + sources.others.map(FeedText.html).joined(separator: ", ") }
        about += " · " + FeedText.html(context.time(item.time))
        html += "<p style=\"margin:2px 0 0;\(Self.muted)\">\(about)</p>"
        if let snippet = item.snippet {
            html += "<p style=\"margin:6px 0 0;font-size:14px;line-height:20px;\">\(FeedText.html(snippet))</p>"
        }
        if !item.matchedTerms.isEmpty {
            let terms = item.matchedTerms.map {
                "<span style=\"background:#fdf3c4;padding:0 3px;\">\(FeedText.html(FeedText.singleLine($0)))</span>"
            }
            html += "<p style=\"margin:6px 0 0;\(Self.muted)\">matched: \(terms.joined(separator: " "))</p>"
        }
        if item.isOverflow {
            html += "<p style=\"margin:6px 0 0;color:#b54708;font-size:13px;line-height:18px;\">"
                + "\(FeedText.html(DigestItem.overflowNote))</p>"
        }
        return row("padding:10px 24px;border-bottom:1px solid #eef0f3;", html)
    }

    private func health(_ report: FeedHealthReport) -> String {
        let color =
            switch report.status {
            case .gone: "#b42318"
            case .failing: "#b54708"
            case .silent: "#52606d"
            }
        return row(
            "padding:6px 24px;font-size:14px;line-height:20px;",
            "<strong>\(FeedText.html(FeedText.singleLine(report.feed.name)))</strong> "
                + "<span style=\"color:\(color);\">\(FeedText.html(context.healthDescription(report)))</span>"
                + "<br><span style=\"\(Self.muted)\">\(FeedText.html(FeedText.singleLine(report.feed.url)))</span>")
    }
}
