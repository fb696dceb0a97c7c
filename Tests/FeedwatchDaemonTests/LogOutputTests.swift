import FeedwatchDaemon
import Foundation
import Logging
import Synchronization
import Testing

final class Lines: Sendable {
    let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

@Suite("log output")
struct LogOutputTests {
    @Test("under journald each line carries its syslog priority and no timestamp")
    func journalPriority() {
        let sink = Lines()
        var logger = Logger(label: "t") { LogOutput(label: $0, level: .debug, isJournal: true, write: sink.append) }
        logger[metadataKey: "feed"] = "BBC Mundo"
        logger.error("fetch failed", metadata: ["stage": "fetch"])
        logger.notice("alert")
        logger.debug("detail")
        #expect(sink.all == [
            "<3>fetch failed feed=\"BBC Mundo\" stage=fetch\n", "<5>alert feed=\"BBC Mundo\"\n", "<7>detail feed=\"BBC Mundo\"\n",
        ])
    }

    @Test("a message or value with line breaks stays one line")
    func singleLine() {
        let sink = Lines()
        let logger = Logger(label: "t") { LogOutput(label: $0, isJournal: true, write: sink.append) }
        logger.warning("title\nFAKE: line", metadata: ["title": "a\r\nb"])
        #expect(sink.all == ["<4>title FAKE: line title=\"a b\"\n"])
    }

    @Test("levels below the configured one are not written")
    func level() {
        let sink = Lines()
        let logger = Logger(label: "t") { LogOutput(label: $0, level: .warning, isJournal: false, write: sink.append) }
        logger.info("quiet")
        logger.warning("loud")
        #expect(sink.all.count == 1)
        #expect(sink.all[0].hasSuffix(" warning loud\n"))
    }
}
