/// Gives freed heap memory back to the kernel after a large pass.
///
/// A first pass over many feeds parses and classifies thousands of documents; glibc keeps the
/// freed pages in its per-thread arenas, so the daemon's resident size stayed at the pass's peak
/// for its whole (months-long) life. `malloc_trim` returns the free pages of every arena.
enum HeapTrim {
    /// glibc's `int malloc_trim(size_t pad)` (`GlibcSymbol`); absent, trimming is skipped.
    private static let trim = GlibcSymbol.function("malloc_trim", as: (@convention(c) (Int) -> Int32).self)

    static func releaseFreedMemory() {
        _ = trim?(0)
    }
}
