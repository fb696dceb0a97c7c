import CCurl

/// Owns a libcurl `curl_slist` (for example request headers); freed when released.
final class CurlStringList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) throws(CurlError) {
        for line in lines {
            // curl_slist_append copies the string; on failure it leaves the old list intact.
            guard let next = curl_slist_append(pointer, line) else {
                throw CurlError("building a header list", reason: "out of memory")
            }
            pointer = next
        }
    }

    deinit { curl_slist_free_all(pointer) }
}
