import Foundation

/// A connection refused by `DestinationPolicy`.
struct Refusal: Sendable, Equatable {
    /// The scope that made it refused.
    let scope: AddressScope
    /// The address as shown in the message.
    let address: String
    /// The `host:port` to pass to `--allow-host`.
    let allowHint: String

    /// The message for a refused `url`, saying how to allow it.
    func message(url: String) -> String {
        "refused to fetch \(url): \(address) is \(scope.phrase), which feedwatch does not fetch unless allowed; "
            + "to allow it, set `allow_private: true` on this feed in feeds.yml, "
            + "or pass `--allow-host \(allowHint)` to `feedwatch fetch`"
    }
}
