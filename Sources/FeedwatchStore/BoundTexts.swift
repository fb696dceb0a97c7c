import Glibc

/// A `DirectStatement`'s buffer for the text it binds, kept until the statement has run, so SQLite
/// reads each value in place (`SQLITE_STATIC`) instead of copying it into a heap block of its own.
///
/// Copying into this buffer is one `memcpy`; SQLite's copy was a malloc, a copy, and a free when the
/// value was rebound. A block is never moved while it holds bound text (SQLite keeps the pointers):
/// when one is full a larger one is started, and the older ones are freed only by `removeAll`, once
/// the statement has run and forgotten its bindings.
///
/// Not thread-safe; used by one statement on the connection's thread.
final class BoundTexts {
    private var block: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    /// Full blocks still holding text bound to the statement.
    private var retired: [UnsafeMutableRawPointer] = []

    init(capacity: Int = 4096) {
        self.capacity = capacity
        block = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        block.deallocate()
        for old in retired { old.deallocate() }
    }

    /// A copy of `bytes` that stays where it is until `removeAll`.
    func keep(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<CChar> {
        if used + bytes.count > capacity {
            retired.append(block)
            capacity = max(capacity * 2, bytes.count)
            block = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            used = 0
        }
        let start = block + used
        if let source = bytes.baseAddress, bytes.count > 0 { start.copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return UnsafePointer(start.assumingMemoryBound(to: CChar.self))
    }

    /// Frees the buffer's contents for reuse; only once nothing bound points into it.
    func removeAll() {
        used = 0
        for old in retired { old.deallocate() }
        retired.removeAll(keepingCapacity: true)
    }
}
