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

    /// `string` stored inline when it fits (a small string: up to 15 UTF-8 bytes on 64-bit
    /// platforms), which has no storage to count. A string cut from a larger one (as the query
    /// parser's terms are) keeps heap storage however short it is, and copying it into a `Match`
    /// retains that storage: an atomic write on a line that is usually cold.
    static func compact(_ string: String) -> String {
        String(decoding: Array(string.utf8), as: UTF8.self)
    }

    /// The address of the reference count of a string's heap storage, 0 for a small string (see
    /// `compact(_:)`). A hint for `line(_:)` only, valid while the string value lives unchanged.
    static func referenceCountAddress(of string: String) -> UInt {
        // On 64-bit Linux a String is two words: its count and flags, then its object, whose top
        // four bits are flags; bit 61 marks a small string, bit 63 an immortal one (a literal).
        let object = unsafeBitCast(string, to: (UInt, UInt).self).1
        guard object >> 61 & 0b101 == 0 else { return 0 }
        // A native storage object's second word is its reference count.
        return (object & 0x0FFF_FFFF_FFFF_FFFF) &+ 8
    }

    /// Starts loading the cache lines at `addresses` (from `storageAddress(of:)` and the like).
    @inline(__always)
    static func lines(_ addresses: UnsafeBufferPointer<UInt>) {
        for address in addresses {
            if let pointer = UnsafeRawPointer(bitPattern: address) { feedwatch_prefetch(pointer) }
        }
    }
}
