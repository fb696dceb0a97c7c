import Foundation
import FeedwatchModel
import FeedwatchNotify
import FeedwatchTestSupport
import Testing

@Suite("Sending email through a real SMTP server on loopback", .serialized)
struct EmailNotifierTests {
    static let fixedDate = SampleAlert.date

    func notifier(
        _ url: String, username: String? = nil, password: String? = nil, requireTLS: Bool = false,
        caFile: String? = nil
    ) throws -> EmailNotifier {
        EmailNotifier(
            settings: SMTPSettings(
                url: url, username: username, password: password,
                from: try EmailAddress("feedwatch@example.org", displayName: "feedwatch"),
                to: [try EmailAddress("ana@example.net", displayName: "Ana Núñez"), try EmailAddress("ops@example.net")],
                requireTLS: requireTLS, caFile: caFile, connectTimeout: 5, timeout: 20),
            clock: { Self.fixedDate })
    }

    @Test("an alert arrives once per delivery, well-formed, with the envelope and headers it should have")
    func delivers() async throws {
        let server = try LoopbackSMTPServer()
        let alert = SampleAlert.make()
        try await notifier(server.url).deliver(alert)
        let messages = server.waitForMessages(1)
        try #require(messages.count == 1)
        #expect(messages[0].envelope.mail_from == "feedwatch@example.org")
        #expect(messages[0].envelope.rcpt_tos == ["ana@example.net", "ops@example.net"])
        let email = try EmailParser.parse(messages[0].raw)
        #expect(email.defects.isEmpty)
        #expect(email.header("message-id") == MessageIdentity.messageID(for: alert, domain: "example.org"))
        #expect(email.header("subject") == "[feedwatch] trade: Ecuador y EE. UU. firman acuerdo comercial")
        #expect(email.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(email.parts[0].content.contains("Ecuador firma [acuerdo comercial]"))
    }

    @Test("a hostile title sent through SMTP adds no header on the receiving side")
    func hostileOverTheWire() async throws {
        let server = try LoopbackSMTPServer()
        try await notifier(server.url).deliver(SampleAlert.make(title: SampleAlert.hostileTitle + "\n.\nQUIT"))
        let messages = server.waitForMessages(1)
        try #require(messages.count == 1)
        let email = try EmailParser.parse(messages[0].raw)
        #expect(email.defects.isEmpty)
        #expect(Set(email.header_names.map { $0.lowercased() }).isDisjoint(with: ["bcc", "x-injected", "x-nel", "x-ls", "x-ps"]))
        #expect(email.header("subject")?.contains("Bcc: victim@example.com") == true)
        #expect(email.parts.count == 2)
    }

    @Test("a 5xx reply to DATA is a permanent failure carrying the reply code")
    func permanentFailure() async throws {
        let server = try LoopbackSMTPServer()
        try server.setReply("550 5.7.1 Message rejected as spam")
        let error = await #expect(throws: DeliveryError.self) { try await notifier(server.url).deliver(SampleAlert.make()) }
        #expect(error?.isPermanent == true)
        #expect(error?.responseCode == 550)
        #expect(server.messages().isEmpty)
    }

    @Test("a 4xx reply to DATA is temporary")
    func temporaryReply() async throws {
        let server = try LoopbackSMTPServer()
        try server.setReply("451 4.3.0 Try again later")
        let error = await #expect(throws: DeliveryError.self) { try await notifier(server.url).deliver(SampleAlert.make()) }
        #expect(error?.isPermanent == false)
        #expect(error?.responseCode == 451)
    }

    @Test("with the server down the failure is temporary, and once it is back on the same port the alert arrives")
    func serverDownThenBack() async throws {
        var server: LoopbackSMTPServer? = try LoopbackSMTPServer()
        let port = try #require(server?.port)
        let url = "smtp://127.0.0.1:\(port)"
        server = nil  // stopped: nothing listens on the port now
        let error = await #expect(throws: DeliveryError.self) { try await notifier(url).deliver(SampleAlert.make()) }
        #expect(error?.isPermanent == false)
        #expect(error?.responseCode == nil)
        let restarted = try LoopbackSMTPServer(port: port)
        try await notifier(url).deliver(SampleAlert.make())
        #expect(restarted.waitForMessages(1).count == 1)
    }

    @Test("AUTH with the right password is accepted and recorded; a wrong password is permanent")
    func authentication() async throws {
        let server = try LoopbackSMTPServer(auth: "feedwatch:s3cret")
        try await notifier(server.url, username: "feedwatch", password: "s3cret").deliver(SampleAlert.make())
        let messages = server.waitForMessages(1)
        #expect(messages.first?.envelope.auth_user == "feedwatch")
        let error = await #expect(throws: DeliveryError.self) {
            try await notifier(server.url, username: "feedwatch", password: "wrong").deliver(SampleAlert.make())
        }
        #expect(error?.isPermanent == true)
        #expect(error?.responseCode == 535)
        #expect(error?.description.contains("wrong") == false)
    }

    @Test("when STARTTLS is required and the server does not offer it, nothing is sent and the failure is permanent")
    func requiresTLS() async throws {
        let server = try LoopbackSMTPServer()
        let error = await #expect(throws: DeliveryError.self) {
            try await notifier(server.url, requireTLS: true).deliver(SampleAlert.make())
        }
        #expect(error?.isPermanent == true)
        #expect(server.messages().isEmpty)
    }

    @Test("a URL of another protocol is refused as a permanent configuration error")
    func otherProtocol() async throws {
        let error = await #expect(throws: DeliveryError.self) {
            try await notifier("file:///etc/passwd").deliver(SampleAlert.make())
        }
        #expect(error?.isPermanent == true)
    }

    @Test("a digest email arrives with both parts")
    func digest() async throws {
        let server = try LoopbackSMTPServer()
        let email = try notifier(server.url)
        let message = try DigestEmail.compose(
            subject: "feedwatch digest 2026-03-08: 2 stories", day: "2026-03-08", timeZone: .gmt,
            text: "text digest\n", html: "<p>html digest</p>\n", from: email.settings.from, to: email.settings.to,
            date: Self.fixedDate)
        try await email.send(message)
        let parsed = try EmailParser.parse(try #require(server.waitForMessages(1).first).raw)
        #expect(parsed.header("subject") == "feedwatch digest 2026-03-08: 2 stories")
        #expect(parsed.parts.map(\.content_type) == ["text/plain", "text/html"])
    }

    @Test("with STARTTLS required and the server's certificate trusted, the message travels encrypted")
    func startTLS() async throws {
        let server = try LoopbackSMTPServer(tls: .starttls)
        try await notifier(server.url, requireTLS: true, caFile: server.certificateFile).deliver(SampleAlert.make())
        let messages = server.waitForMessages(1)
        try #require(messages.count == 1)
        #expect(messages[0].envelope.tls)
    }

    @Test("smtps:// speaks TLS from the first byte")
    func implicitTLS() async throws {
        let server = try LoopbackSMTPServer(tls: .implicit)
        let url = "smtps://127.0.0.1:\(server.port)"
        try await notifier(url, caFile: server.certificateFile).deliver(SampleAlert.make())
        #expect(server.waitForMessages(1).first?.envelope.tls == true)
    }

    @Test("an untrusted certificate is refused, permanently, and nothing is sent")
    func untrustedCertificate() async throws {
        let server = try LoopbackSMTPServer(tls: .starttls)
        let error = await #expect(throws: DeliveryError.self) {
            try await notifier(server.url, requireTLS: true).deliver(SampleAlert.make())
        }
        #expect(error?.isPermanent == true)
        #expect(server.messages().isEmpty)
    }

    @Test("a trusted certificate for another host name is refused: host names are checked too")
    func wrongHostName() async throws {
        let server = try LoopbackSMTPServer(tls: .implicit, certificateNames: "DNS:mail.other.example")
        let error = await #expect(throws: DeliveryError.self) {
            try await notifier("smtps://127.0.0.1:\(server.port)", caFile: server.certificateFile).deliver(SampleAlert.make())
        }
        #expect(error?.isPermanent == true)
        #expect(server.messages().isEmpty)
    }
}
