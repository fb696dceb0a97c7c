import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Speaks systemd's sd_notify datagram protocol directly (sd_notify(3)), so no libsystemd is needed:
/// one `AF_UNIX` datagram of `KEY=VALUE` lines to the socket named by `$NOTIFY_SOCKET`
/// (a leading `@` means the abstract namespace). Without `$NOTIFY_SOCKET` every call does nothing.
public final class SystemdNotifier: Sendable {
    let socketPath: String?
    /// Half the watchdog interval systemd asked for (`$WATCHDOG_USEC`), if it asked.
    public let watchdogInterval: Duration?

    /// Reads `$NOTIFY_SOCKET` and `$WATCHDOG_USEC` (honouring `$WATCHDOG_PID`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        let isForUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if path != nil, isForUs, let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 {
            // Ping at half the interval, as sd_watchdog_enabled(3) recommends.
            watchdogInterval = .microseconds(microseconds / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether a service manager is listening.
    public var isEnabled: Bool { socketPath != nil }

    /// The service is ready: its first configuration is loaded and polling has started.
    public func ready(status: String? = nil) { send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? [])) }
    /// A one-line status shown by `systemctl status`.
    public func status(_ text: String) { send(["STATUS=\(text)"]) }
    /// Still alive (for `WatchdogSec=`).
    public func watchdog() { send(["WATCHDOG=1"]) }
    /// Reloading the configuration (for `Type=notify-reload`; followed by `ready()`).
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(microseconds)"])
    }
    /// Shutting down.
    public func stopping() { send(["STOPPING=1"]) }

    /// Sends one datagram; failures are ignored, as sd_notify's are (the manager may be gone).
    func send(_ lines: [String]) {
        guard let socketPath else { return }
        let message = lines.joined(separator: "\n")
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        _ = message.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
    }
}
