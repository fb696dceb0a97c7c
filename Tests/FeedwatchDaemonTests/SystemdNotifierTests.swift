import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("sd_notify protocol")
struct SystemdNotifierTests {
    @Test("READY, STATUS, WATCHDOG and STOPPING arrive as datagrams on NOTIFY_SOCKET")
    func messages() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "4000000"])
        #expect(notifier.isEnabled)
        #expect(notifier.watchdogInterval == .seconds(2))
        notifier.ready(status: "3 feeds")
        notifier.watchdog()
        notifier.stopping()
        let received = socket.receive(deadline: 5) { $0.count >= 3 }
        #expect(received == ["READY=1\nSTATUS=3 feeds", "WATCHDOG=1", "STOPPING=1"])
    }

    @Test("without NOTIFY_SOCKET nothing is sent and no watchdog is asked for")
    func disabled() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "4000000"])
        #expect(!notifier.isEnabled)
        #expect(notifier.watchdogInterval == nil)
        notifier.ready()
    }

    @Test("a watchdog meant for another process is ignored")
    func watchdogForOtherProcess() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(
            environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"])
        #expect(notifier.watchdogInterval == nil)
    }
}
