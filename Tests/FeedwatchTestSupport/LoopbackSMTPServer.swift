import Foundation

/// A real SMTP server on 127.0.0.1 (aiosmtpd, see Scripts/smtp_server.py) that spools every accepted
/// message to a directory. Stopped when released.
public final class LoopbackSMTPServer: @unchecked Sendable {
    private let server: LoopbackHTTPServer

    /// The port it listens on.
    public var port: Int { server.port }

    /// How the server speaks TLS.
    public enum TLSMode: String, Sendable {
        /// Offers and requires STARTTLS (submission, `smtp://` with STARTTLS).
        case starttls
        /// TLS from the first byte (`smtps://`).
        case implicit
    }

    /// Starts the server (on `port`, or any free port when nil), optionally requiring AUTH `user:password`,
    /// optionally with TLS on a fresh self-signed certificate for `certificateNames` (`DNS:x,IP:y`).
    public init(
        port: Int? = nil, auth: String? = nil, tls: TLSMode? = nil,
        certificateNames: String = "DNS:localhost,IP:127.0.0.1"
    ) throws {
        var arguments: [String] = []
        if let port { arguments += ["--port", String(port)] }
        if let auth { arguments += ["--auth", auth] }
        if let tls { arguments += ["--tls", tls.rawValue, "--cert-names", certificateNames] }
        server = try LoopbackHTTPServer(script: "smtp_server.py", arguments: arguments)
    }

    /// The `smtp://127.0.0.1:PORT` URL.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The server's self-signed certificate (when started with TLS), to trust as a CA file.
    public var certificateFile: String { server.root.path("cert.pem") }

    /// Makes the server answer DATA with `reply` (e.g. `550 5.7.1 no`) instead of accepting; nil accepts again.
    public func setReply(_ reply: String?) throws {
        let path = server.root.path(".reply")
        if let reply { try server.root.write(".reply", reply + "\n") } else { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The accepted messages so far, in arrival order: raw bytes and the envelope.
    public func messages() -> [SpooledMessage] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: server.root.url.path)) ?? [])
            .filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { name in
            let base = String(name.dropLast(4))
            guard let raw = FileManager.default.contents(atPath: server.root.path(name)),
                let envelopeData = FileManager.default.contents(atPath: server.root.path(base + ".json")),
                let envelope = try? JSONDecoder().decode(SpooledMessage.Envelope.self, from: envelopeData)
            else { return nil }
            return SpooledMessage(raw: raw, envelope: envelope)
        }
    }

    /// Waits until at least `count` messages were accepted, polling until the deadline; returns them.
    public func waitForMessages(_ count: Int, timeout: TimeInterval = 20) -> [SpooledMessage] {
        let end = Date().addingTimeInterval(timeout)
        var found = messages()
        while found.count < count && Date() < end {
            Thread.sleep(forTimeInterval: 0.02)
            found = messages()
        }
        return found
    }
}

/// One message the loopback SMTP server accepted.
public struct SpooledMessage: Sendable {
    /// What the client sent between MAIL and RCPT: sender, recipients and the AUTH user, if any.
    public struct Envelope: Sendable, Codable {
        /// MAIL FROM.
        public var mail_from: String
        /// RCPT TO, in order.
        public var rcpt_tos: [String]
        /// The AUTH login used, if any.
        public var auth_user: String?
        /// True when the message came over TLS (STARTTLS or implicit).
        public var tls: Bool
    }

    /// The message as received after DATA (dot-unstuffed by the server).
    public var raw: Data
    /// The envelope.
    public var envelope: Envelope
}
