import Testing

@testable import FeedwatchDaemon

/// `feedwatch run` caps glibc's arenas itself unless the operator set `MALLOC_ARENA_MAX`.
@Suite struct MallocArenasTests {
    @Test func capsTheArenasWhenTheEnvironmentDoesNot() {
        // glibc's mallopt accepts the cap (this test process gets it too: two arenas are plenty).
        #expect(MallocArenas.limit(to: 2, setting: nil))
    }

    @Test func leavesAnOperatorsSettingAlone() {
        #expect(!MallocArenas.limit(to: 2, setting: "8"))
    }
}
