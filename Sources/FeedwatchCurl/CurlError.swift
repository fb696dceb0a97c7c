import CCurl

/// A libcurl call that failed while setting up a handle (not a transfer outcome; see `CurlResult`).
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// What was being done, e.g. `setting CURLOPT_URL`.
    public var operation: String
    /// libcurl's own description of the failure.
    public var reason: String

    /// Describes the failure with the operation it interrupted.
    public var description: String { "libcurl failed \(operation): \(reason)" }

    init(_ operation: String, code: CURLcode) {
        self.operation = operation
        reason = String(cString: curl_easy_strerror(code))
    }

    init(_ operation: String, multiCode: CURLMcode) {
        self.operation = operation
        reason = String(cString: curl_multi_strerror(multiCode))
    }

    init(_ operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }
}
