import Yams

extension Node.Mapping {
    /// The values by their string keys, a repeated key's last value winning as in Yams' own
    /// `mapping["name"]`. That subscript builds a key node and resolves its tag (regular expressions)
    /// for every pair it compares, which made reading a feeds.yml of a thousand feeds slower than
    /// polling them all when nothing changed; a feed's map is read through this dictionary instead.
    /// Only keys that are strings count (untagged or `!!str`): for the key names feedwatch looks up,
    /// which no YAML resolver reads as a number, boolean or null, that finds what Yams' subscript finds.
    var valuesByKey: [String: Node] {
        var values: [String: Node] = [:]
        values.reserveCapacity(count)
        for (key, value) in self {
            guard case .scalar(let scalar) = key, Self.isStringTag(scalar.tag.description) else { continue }
            values[scalar.string] = value
        }
        return values
    }

    /// The value of string key `name`, the last one winning: what Yams' `mapping["name"]` finds,
    /// without its cost. That subscript builds a key node whose tag it resolves with the default
    /// resolver, whose first use compiles a dozen regular expressions (ICU): about a tenth of reading
    /// a small feeds.yml, paid by every `feedwatch` start (bench/fetch, the pass of 304s).
    func value(_ name: String) -> Node? {
        for (key, value) in reversed() {
            if case .scalar(let scalar) = key, scalar.string == name, Self.isStringTag(scalar.tag.description) {
                return value
            }
        }
        return nil
    }

    /// Whether a key's tag name makes it a string: none (resolved as plain text), or `!!str`.
    /// Two comparisons, not a set's hashing: this runs for every key of every feed's map.
    @inline(__always)
    static func isStringTag(_ name: String) -> Bool { name.isEmpty || name == "tag:yaml.org,2002:str" }
}

/// The values of one feed's map that `NodeReader.readFeedFields` picked out, by setting.
struct FeedFields {
    var url: Node?
    var name: Node?
    var interval: Node?
    var language: Node?
    var allowPrivate: Node?
    var maxBody: Node?
    var headers: Node?
    var proxy: Node?
    var timeout: Node?
}
