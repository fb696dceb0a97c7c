import CGlibcMalloc

/// Gives freed heap memory back to the kernel after a large pass.
///
/// A first pass over many feeds parses and classifies thousands of documents; glibc keeps the
/// freed pages in its per-thread arenas, so the daemon's resident size stayed at the pass's peak
/// for its whole (months-long) life. `malloc_trim` returns the free pages of every arena.
enum HeapTrim {
    static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
