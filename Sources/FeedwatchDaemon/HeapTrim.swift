#if canImport(Glibc)
    import Glibc
#endif

/// Gives freed heap memory back to the kernel after a large pass.
///
/// A first pass over many feeds parses and classifies thousands of documents; glibc keeps the
/// freed pages in its per-thread arenas, so the daemon's resident size stayed at the pass's peak
/// for its whole (months-long) life. `malloc_trim` returns the free pages of every arena.
enum HeapTrim {
    /// glibc's `int malloc_trim(size_t pad)`, looked up at run time: Swift's Glibc module does not
    /// export <malloc.h>, and a module map of our own for it clashed with Foundation's ICU modules
    /// in clean builds. Absent (another C library), trimming is skipped.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()

    static func releaseFreedMemory() {
        _ = trim?(0)
    }
}
