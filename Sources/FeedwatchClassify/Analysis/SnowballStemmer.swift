import CStemmer

/// One Snowball stemmer from libstemmer, owned: created in `init`, freed in `deinit`.
///
/// libstemmer keeps its working buffer inside the stemmer object, so an instance must never be used by
/// two threads at once; `StemmerPool` hands each classification its own.
///
/// No cache of stems sits here: an item's words are stemmed only when its scratch's `Vocabulary`
/// meets them for the first time in a language mode, and the vocabulary keeps what they hit. A
/// cache of 50,000 stems that stood here duplicated it, and in a pass over realistic feeds (a
/// vocabulary of tens of thousands of words) held as much memory as the vocabulary's table itself,
/// for each scratch (bench/fetch, typical feeds: docs/performance.md).
final class SnowballStemmer {
    /// The libstemmer handle; never nil after a successful init.
    private let handle: OpaquePointer

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
        var input = word
        let result: String = input.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress,
                let output = sb_stemmer_stem(handle, base, Int32(bytes.count))
            else { return word }
            // The output buffer belongs to the stemmer and is overwritten by the next call: copy it now.
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
        }
        return result
    }

    /// `body` applied to the stem of an already folded word given as UTF-8 bytes, without the two
    /// `String`s of `stem(_:)` (the word itself when libstemmer fails, as there). The stem's bytes
    /// are libstemmer's buffer, valid only during `body`.
    func withStem<Result>(of word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let base = word.baseAddress, let output = sb_stemmer_stem(handle, base, Int32(word.count)) else {
            return body(word)
        }
        return body(UnsafeBufferPointer(start: output, count: Int(sb_stemmer_length(handle))))
    }
}
