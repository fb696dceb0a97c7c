import FeedwatchModel
import Foundation

/// An email ready for SMTP: RFC 5322 headers and a MIME body (text, or multipart/alternative of text and
/// HTML), rendered with CRLF line ends, 7-bit clean, every line at most 78 characters.
///
/// Invariant: no value placed here can add a header or a MIME part. Header values are made one line
/// and RFC 2047-encoded; bodies are quoted-printable, in which `=` never appears raw, so the
/// `=_`-containing boundary cannot occur inside a part.
public struct EmailMessage: Sendable, Hashable {
    /// The sender (From).
    public var from: EmailAddress
    /// The recipients (To); also the SMTP envelope recipients.
    public var to: [EmailAddress]
    /// The subject, any Unicode, one line.
    public var subject: String
    /// The origination date (Date).
    public var date: Date
    /// The Message-ID including its angle brackets, e.g. `<3f2a...@example.org>`.
    public var messageID: String
    /// The plain-text body.
    public var textBody: String
    /// The HTML body; when present the message is multipart/alternative (text first, HTML preferred).
    public var htmlBody: String?
    /// Further header fields, in order; names are checked, values made one line and encoded.
    public var extraHeaders: [EmailHeader]

    /// Creates a message; throws `EmailError.noRecipients` when `to` is empty.
    public init(
        from: EmailAddress, to: [EmailAddress], subject: String, date: Date, messageID: String, textBody: String,
        htmlBody: String? = nil, extraHeaders: [EmailHeader] = []
    ) throws(EmailError) {
        guard !to.isEmpty else { throw .noRecipients }
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
    }

    /// The multipart boundary: derived from the Message-ID so a message renders to the same bytes every
    /// time; `=_` in it cannot occur in quoted-printable text.
    public var boundary: String { "=_feedwatch_" + MessageIdentity.digest(messageID).prefix(24) }

    /// The whole message, headers and body, with CRLF line ends.
    public func rendered() -> String {
        var message = ""
        message += MIMEHeader.structured("Date", MIMEHeader.date(date))
        message += MIMEHeader.structured("From", from.headerValue)
        message += MIMEHeader.structured("To", to.map(\.headerValue).joined(separator: ", "))
        message += MIMEHeader.structured("Message-ID", FeedText.singleLine(messageID).replacing(" ", with: ""))
        message += MIMEHeader.unstructured("Subject", subject)
        message += MIMEHeader.structured("MIME-Version", "1.0")
        for header in extraHeaders { message += header.rendered() }
        let text = QuotedPrintable.encode(textBody)
        guard let htmlBody else {
            message += MIMEHeader.structured("Content-Type", "text/plain; charset=utf-8")
            message += MIMEHeader.structured("Content-Transfer-Encoding", "quoted-printable")
            return message + "\r\n" + text
        }
        message += MIMEHeader.structured("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
        message += "\r\n"
        message += "This is a MIME message: a plain-text and an HTML version follow.\r\n"
        message += "\r\n--\(boundary)\r\n"
        message += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        message += text
        message += "\r\n--\(boundary)\r\n"
        message += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        message += QuotedPrintable.encode(htmlBody)
        message += "\r\n--\(boundary)--\r\n"
        return message
    }

    /// The envelope recipients (RCPT TO).
    public var recipients: [String] { to.map(\.address) }
}
