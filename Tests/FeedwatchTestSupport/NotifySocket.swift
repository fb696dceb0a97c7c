import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bound `AF_UNIX` datagram socket standing in for systemd's notification socket: what a service
/// sends to `$NOTIFY_SOCKET` arrives here. Closed and unlinked when released.
public final class NotifySocket: @unchecked Sendable {
    /// The socket's path, the value for `NOTIFY_SOCKET`.
    public let path: String
    private let descriptor: Int32

    /// Binds a new socket in the temporary directory.
    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("fw-notify-\(UUID().uuidString.prefix(8))").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, result == 0 else { throw TestSupportError.serverDidNotStart }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The datagrams received until `deadline` seconds pass or `until` holds for what was received.
    public func receive(deadline seconds: Double, until done: ([String]) -> Bool) -> [String] {
        var messages: [String] = []
        let end = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < end && !done(messages) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, end.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, min(remaining, 100)) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
        }
        return messages
    }
}
