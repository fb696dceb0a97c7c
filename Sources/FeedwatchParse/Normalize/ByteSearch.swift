import Foundation

extension String {
    /// Whether the string's UTF-8 holds `byte`, found with `memchr` over its contiguous storage.
    ///
    /// `utf8.contains(_:)` walks the view a byte at a time through the generic iterator; the parser
    /// asks this of every link and every plain-text field, a few percent of a small feed's parse.
    func utf8Contains(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }) {
            return found
        }
        return utf8.contains(byte)
    }
}
