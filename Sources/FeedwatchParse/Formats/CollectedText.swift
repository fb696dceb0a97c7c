/// The bytes `XMLFeedBuilder` collects for its open captures, as raw memory it owns.
///
/// An `[UInt8]` paid for being generic on the per-text-chunk path: `append(contentsOf:)` was about
/// a hundred instructions per chunk (uniqueness check, capacity check, slice bookkeeping) for a
/// copy of a few dozen bytes, and dropping a field's text at its end tag went through
/// `replaceSubrange`. Here an append is a capacity compare and a `memcpy`, and dropping is setting
/// `count`. The builder owns the one buffer of a document and frees it in its `deinit`; the bytes
/// are never handed out beyond a call (`bytes(from:)` is read before anything appends again).
struct CollectedText {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func deallocate() {
        base.deallocate()
    }

    @inline(__always)
    mutating func append(_ source: UnsafeRawPointer?, count length: Int) {
        guard length > 0, let source else { return }
        if length > capacity - count { grow(toHold: count + length) }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawPointer(bytes.baseAddress), count: bytes.count)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Drops everything from `newCount` on.
    @inline(__always)
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }

    /// The bytes from `start` to the end (valid until the next append).
    @inline(__always)
    func bytes(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: count - start)
    }

    @inline(never)
    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
