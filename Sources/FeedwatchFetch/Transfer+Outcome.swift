import FeedwatchCurl
import Foundation

extension Transfer {
    /// The fetch's result, from libcurl's outcome and what the callbacks collected.
    func outcome(_ result: CurlResult, configuration: FetcherConfiguration, now: Date = Date())
        -> Result<FetchResponse, FetchError>
    {
        let url = request.url
        func failure(_ kind: FetchErrorKind, _ text: String, temporary: Bool, status: Int? = nil, retryAfter: Int? = nil)
            -> Result<FetchResponse, FetchError>
        {
            .failure(FetchError(kind: kind, message: "\(url): \(text)", url: url, status: status,
                retryAfterSeconds: retryAfter, isTemporary: temporary))
        }
        if let refusal {
            return .failure(FetchError(kind: .refused, message: refusal.message(url: url), url: url, isTemporary: false))
        }
        if exceededCap || result.category == .fileTooLarge {
            return failure(.tooLarge, "the body is larger than the cap of \(request.maxBodyBytes) bytes "
                + "(raise max_body_bytes for this feed if it is genuine)", temporary: false)
        }
        let followedRedirect = !head.redirectStatuses.isEmpty || easy.redirectCount > 0
        switch result.category {
        case .success: break
        case .unsupportedProtocol, .malformedURL:
            if followedRedirect || head.statuses.last.map({ (300..<400).contains($0) }) == true {
                let target = head["location"] ?? "an unusable URL"
                return failure(.redirect, "redirect to \(target) refused: only http and https URLs are followed",
                    temporary: false)
            }
            return failure(.invalidURL, result.message, temporary: false)
        case .dns: return failure(.dns, "cannot resolve the host: \(result.message)", temporary: true)
        case .connect: return failure(.connect, "cannot connect: \(result.message)", temporary: true)
        case .tls:
            // A handshake that broke off may work next time; a certificate that fails verification will not.
            return failure(.tls, "TLS failed: \(result.message)", temporary: result.code == 35)
        case .timeout: return failure(.timeout, "timed out: \(result.message)", temporary: true)
        case .tooManyRedirects:
            return failure(.redirect, "more than \(configuration.maxRedirects) redirects (a redirect loop?)",
                temporary: false)
        case .transport:
            return failure(.protocol, "the server's reply broke off or was not valid HTTP: \(result.message)",
                temporary: true)
        case .writeAborted, .fileTooLarge, .other:
            return failure(.other, result.message, temporary: true)
        }

        let status = easy.responseCode
        let finalURL = easy.effectiveURL ?? url
        let permanentRedirect: String? = {
            let hops = head.redirectStatuses
            guard !hops.isEmpty, hops.allSatisfy({ $0 == 301 || $0 == 308 }), finalURL != url else { return nil }
            return finalURL
        }()
        switch status {
        case 304:
            return .success(FetchResponse(
                url: url, finalURL: finalURL, status: status, isNotModified: true,
                etag: head["etag"] ?? request.etag, lastModified: head["last-modified"] ?? request.lastModified,
                contentType: nil, body: Data(), permanentRedirect: permanentRedirect,
                maxAgeSeconds: maxAge(now: now)))
        case 200..<300:
            return .success(FetchResponse(
                url: url, finalURL: finalURL, status: status, isNotModified: false,
                etag: head["etag"], lastModified: head["last-modified"], contentType: easy.contentType,
                body: body, permanentRedirect: permanentRedirect, maxAgeSeconds: maxAge(now: now)))
        case 300..<400:
            return failure(.redirect, "HTTP \(status) without a usable Location", temporary: false, status: status)
        default:
            let retryAfter: Int? =
                status == 429 || status == 503
                ? head["retry-after"].flatMap {
                    RetryAfter.seconds(from: $0, now: now, cap: configuration.maxRetryAfterSeconds)
                } : nil
            let temporary = [408, 425, 429].contains(status) || ((500..<600).contains(status) && status != 501)
            var text = "HTTP \(status)"
            if status == 410 { text += " Gone: the publisher removed this feed; polling stops" }
            if let retryAfter { text += " (retry after \(retryAfter) s)" }
            return failure(.httpStatus, text, temporary: temporary, status: status, retryAfter: retryAfter)
        }
    }

    private func maxAge(now: Date) -> Int? {
        CacheLifetime.seconds(
            cacheControl: head["cache-control"], expires: head["expires"], date: head["date"], age: head["age"],
            now: now)
    }
}
