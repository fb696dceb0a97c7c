import FeedwatchFetch
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("One multi handle, many fetches")
struct ConcurrencyTests {
    @Test("the per-host limit holds: at most two requests reach one server at once")
    func perHostLimit() async throws {
        let fixture = try FaultServerFixture { $0.maxTransfersPerHost = 2 }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await fixture.fetcher.fetch(fixture.request("/hold?ms=150")).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        let stats = try await fixture.fetcher.fetch(fixture.request("/stats")).body
        let object = try #require(try JSONSerialization.jsonObject(with: stats) as? [String: Int])
        #expect(object["max_in_flight"] == 2)
    }

    @Test("a higher per-host limit lets more requests run together")
    func higherLimit() async throws {
        let fixture = try FaultServerFixture { $0.maxTransfersPerHost = 6 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try await fixture.fetcher.fetch(fixture.request("/hold?ms=400")) }
            }
            try await group.waitForAll()
        }
        let stats = try await fixture.fetcher.fetch(fixture.request("/stats")).body
        let object = try #require(try JSONSerialization.jsonObject(with: stats) as? [String: Int])
        #expect((object["max_in_flight"] ?? 0) > 2)
    }

    @Test("two hundred concurrent fetches all complete through one fetcher")
    func manyFetches() async throws {
        let fixture = try FaultServerFixture { $0.maxTransfersPerHost = 8 }
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask { try await fixture.fetcher.fetch(fixture.request("/feed?n=\(index)")).body.count }
            }
            var total = 0
            for try await size in group where size > 0 { total += 1 }
            return total
        }
        #expect(count == 200)
    }

    @Test("cancelling the awaiting task aborts a stalled transfer promptly")
    func cancellation() async throws {
        let fixture = try FaultServerFixture { $0.timeouts.lowSpeedSeconds = 30 }
        let task = Task { await fixture.failure(fixture.request("/stall")) }
        let deadline = Date().addingTimeInterval(10)
        while !fixture.requests().contains("GET /stall") && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let start = Date()
        task.cancel()
        let error = await task.value
        #expect(error?.kind == .cancelled)
        // The stall and the low-speed limit both last 30 s; the bound is loose because tests share two cores.
        #expect(Date().timeIntervalSince(start) < 25)
    }

    @Test("cancelling fetches waiting for a slot finishes them without contacting the server")
    func cancelWaiting() async throws {
        let fixture = try FaultServerFixture {
            $0.maxConcurrentTransfers = 1
            $0.timeouts.lowSpeedSeconds = 30  // the blocker's silent wait must not count as a stall
        }
        let blocker = Task { await fixture.failure(fixture.request("/hold?ms=8000")) }
        let deadline = Date().addingTimeInterval(10)
        while !fixture.requests().contains(where: { $0.hasPrefix("GET /hold") }) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let waiting = Task { await fixture.failure(fixture.request("/feed?waiting")) }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        let error = await waiting.value
        #expect(error?.kind == .cancelled)
        #expect(await blocker.value == nil)
        #expect(!fixture.requests().contains("GET /feed?waiting"))
    }

    @Test("a fetch held back by its host's limit still runs when the one ahead of it was cancelled")
    func cancelledHeldFetchHandsOnItsSlot() async throws {
        let fixture = try FaultServerFixture {
            $0.maxTransfersPerHost = 1
            $0.timeouts.lowSpeedSeconds = 30  // the blocker's silent wait must not count as a stall
        }
        let blocker = Task { await fixture.failure(fixture.request("/hold?ms=8000")) }
        let deadline = Date().addingTimeInterval(10)
        while !fixture.requests().contains(where: { $0.hasPrefix("GET /hold") }) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let cancelled = Task { await fixture.failure(fixture.request("/feed?first")) }
        try await Task.sleep(for: .milliseconds(100))
        let next = Task { await fixture.failure(fixture.request("/feed?second")) }
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        #expect(await cancelled.value?.kind == .cancelled)
        #expect(await blocker.value == nil)
        #expect(await next.value == nil)
        #expect(fixture.requests().contains("GET /feed?second"))
    }
}
