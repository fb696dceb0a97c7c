#if canImport(Glibc)
    import Glibc
#endif

/// A glibc function looked up at run time: Swift's Glibc module does not export <malloc.h>, and a
/// module map of our own for it clashed with Foundation's ICU modules in clean builds. Absent
/// (another C library), the caller does without it.
enum GlibcSymbol {
    static func function<Function>(_ name: String, as type: Function.Type) -> Function? {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: type)
        #else
            return nil
        #endif
    }
}
