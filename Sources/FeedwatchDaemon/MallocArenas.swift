#if canImport(Glibc)
    import Glibc
#endif

/// Caps the number of glibc malloc arenas of a `feedwatch run` process.
///
/// glibc gives a thread that finds every arena busy an arena of its own, up to eight per core, and
/// each arena keeps what its threads freed for their next allocations. feedwatch's busy threads (two
/// classifying, the transfer driver, the store writer, the main thread) each ended up with one; with
/// two arenas a first pass over 5,000 realistic feeds peaked 4 MB lower (74 to 70 MB, bench/fetch,
/// docs/performance.md). The threads that share an arena then take turns on its lock; with two cores
/// and two arenas the pass's time showed no difference beyond this machine's noise.
public enum MallocArenas {
    /// `M_ARENA_MAX` of glibc's <malloc.h> (which Swift's Glibc module does not export).
    private static let arenaMaxParameter: Int32 = -8

    /// glibc's `int mallopt(int, int)` (`GlibcSymbol`); absent, nothing is capped.
    private static let mallopt = GlibcSymbol.function("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)

    /// Caps the arenas at `count`, unless `MALLOC_ARENA_MAX` is set in the environment (an operator's
    /// own choice, which glibc has applied already); whether the cap was set. `setting` is that
    /// variable's value (a parameter so tests need not change the process's environment).
    @discardableResult
    public static func limit(to count: Int32, setting: String? = getenv("MALLOC_ARENA_MAX").map { String(cString: $0) }) -> Bool {
        guard setting == nil, let mallopt else { return false }
        return mallopt(arenaMaxParameter, count) == 1
    }
}
