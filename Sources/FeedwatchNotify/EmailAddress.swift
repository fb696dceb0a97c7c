import FeedwatchModel
/// A mailbox: an address and an optional display name.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The `local@domain` address (the SMTP envelope uses this).
    public var address: String
    /// The display name, any Unicode; encoded per RFC 2047 when written in a header.
    public var displayName: String?

    /// Creates a mailbox, checking the address; the display name is made one line.
    public init(_ address: String, displayName: String? = nil) throws(EmailError) {
        guard Self.isValidAddress(address) else { throw .invalidAddress(address) }
        self.address = address
        let name = displayName.map(FeedText.singleLine)
        self.displayName = name?.isEmpty == true ? nil : name
    }

    /// Parses `local@domain` or `Display Name <local@domain>` (the name may be double-quoted).
    public init(parsing text: String) throws(EmailError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            try self.init(trimmed)
            return
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast()).replacing("\\\"", with: "\"").replacing("\\\\", with: "\\")
        }
        do { try self.init(address, displayName: name.isEmpty ? nil : name) } catch { throw .invalidAddress(text) }
    }

    /// The mailbox as written in a header (RFC 5322 §3.4), with the name encoded where it must be.
    public var headerValue: String {
        guard let displayName else { return address }
        return "\(MIMEHeader.phrase(displayName)) <\(address)>"
    }

    /// The domain part, lowercased.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]).lowercased() }

    /// `Name <address>` or the address alone, unencoded, for messages.
    public var description: String { displayName.map { "\($0) <\(address)>" } ?? address }

    /// A deliberately plain check: printable ASCII, one `@` with a non-empty local part and a dotted or
    /// bracketed domain, and none of the characters that would end or split a header or SMTP command.
    static func isValidAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64 else { return false }
        let forbidden: Set<Character> = ["<", ">", "(", ")", ",", ";", ":", "\\", "\"", "[", "]", " "]
        let localIsFine = local.allSatisfy { $0.isASCII && !forbidden.contains($0) && ($0.asciiValue! > 32) && $0 != "\u{7F}" }
        let domainIsFine = domain.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return localIsFine && domainIsFine && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }
}
