import CStemmer

/// Cache hints for the per-entry loops, whose tables (word slots, atom lists, compiled topics) add up
/// to more than a core's L2 cache: reading an address a little before it is needed lets its cache miss
/// overlap other work. Hints only; they change no result.
enum Prefetch {
    /// Starts loading the cache line holding `address`.
    @inline(__always)
    static func line(_ address: UnsafeRawPointer) {
        feedwatch_prefetch(address)
    }

    /// The address of an array's storage (its header, followed by its elements); valid while the
    /// array value lives unchanged.
    static func storageAddress<Element>(of array: [Element]) -> UInt {
        // On Linux an Array is one reference to its contiguous storage object.
        UInt(bitPattern: unsafeBitCast(array, to: Int.self))
    }

    /// Starts loading the cache lines at `addresses` (from `storageAddress(of:)` and the like).
    @inline(__always)
    static func lines(_ addresses: UnsafeBufferPointer<UInt>) {
        for address in addresses {
            if let pointer = UnsafeRawPointer(bitPattern: address) { feedwatch_prefetch(pointer) }
        }
    }
}
