/// The bounds a parse respects, whatever the input.
public struct ParseLimits: Sendable {
    /// The largest document accepted, in bytes.
    public var maxInputBytes: Int
    /// The deepest element nesting accepted.
    public var maxDepth: Int
    /// The longest text collected for one field, in bytes; longer text is cut with a warning.
    public var maxFieldBytes: Int
    /// The most attributes accepted on one element.
    public var maxAttributesPerElement: Int
    /// The longest a parse may run.
    public var maxDuration: Duration
    /// The most items kept from one document.
    public var maxItems: Int

    /// Creates a set of bounds.
    public init(
        maxInputBytes: Int, maxDepth: Int, maxFieldBytes: Int, maxAttributesPerElement: Int, maxDuration: Duration,
        maxItems: Int
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxFieldBytes = maxFieldBytes
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxDuration = maxDuration
        self.maxItems = maxItems
    }

    /// Bounds that fit every real feed seen (the largest are a few MB) with room to spare.
    public static let `default` = ParseLimits(
        maxInputBytes: 64 << 20, maxDepth: 256, maxFieldBytes: 4 << 20, maxAttributesPerElement: 512,
        maxDuration: .seconds(10), maxItems: 100_000)
}
