import FeedwatchCurl
import Foundation
import Testing

/// `CurlMulti` waits on its own epoll set (libcurl's sockets and an eventfd): a `wakeup()` from
/// another thread must end a long `poll` at once, and an idle `poll` must end at its timeout.
@Suite struct CurlMultiEventTests {
    @Test("wakeup() from another thread ends a ten-second poll promptly, every time")
    func wakeupEndsPoll() throws {
        let multi = try CurlMulti()
        for _ in 0..<20 {
            let start = Date()
            let waker = Thread {
                Thread.sleep(forTimeInterval: 0.01)
                multi.wakeup()
            }
            waker.start()
            multi.poll(timeoutMilliseconds: 10_000)
            #expect(Date().timeIntervalSince(start) < 5)
        }
    }

    @Test("a wakeup before the poll is not lost, and an idle poll ends at its timeout")
    func wakeupBeforePollAndTimeout() throws {
        let multi = try CurlMulti()
        multi.wakeup()
        let start = Date()
        multi.poll(timeoutMilliseconds: 10_000)
        #expect(Date().timeIntervalSince(start) < 5)
        // The eventfd was emptied: the next poll waits for its timeout.
        let idle = Date()
        multi.poll(timeoutMilliseconds: 50)
        #expect(Date().timeIntervalSince(idle) >= 0.045)
    }
}
