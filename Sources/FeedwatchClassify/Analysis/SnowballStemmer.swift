import CStemmer

/// One Snowball stemmer from libstemmer, owned: created in `init`, freed in `deinit`.
///
/// libstemmer keeps its working buffer inside the stemmer object, so an instance must never be used by
/// two threads at once; `StemmerPool` hands each classification its own. A small cache of stems sits
/// beside the handle because news text repeats the same words and a dictionary lookup is cheaper than
/// running the algorithm again.
final class SnowballStemmer {
    /// The libstemmer handle; never nil after a successful init.
    private let handle: OpaquePointer
    /// Words already stemmed by this instance (folded surface form → stem).
    private var cache: [String: String] = [:]
    /// Past this many cached words the cache is dropped, so a long-running daemon stays bounded.
    private static let cacheLimit = 50_000

    /// Creates a stemmer for a Snowball algorithm name (`english`, `spanish`), nil if libstemmer lacks it.
    init?(algorithm: String) {
        guard let handle = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        self.handle = handle
    }

    deinit {
        sb_stemmer_delete(handle)
    }

    /// The stem of an already folded (lower-case, accent-free) word.
    func stem(_ word: String) -> String {
        if let cached = cache[word] { return cached }
        var input = word
        let result: String = input.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress,
                let output = sb_stemmer_stem(handle, base, Int32(bytes.count))
            else { return word }
            // The output buffer belongs to the stemmer and is overwritten by the next call: copy it now.
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
        }
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[word] = result
        return result
    }
}
