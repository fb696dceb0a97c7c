/// The bounds and decoding choices of one streaming parse.
public struct XMLParseOptions: Sendable {
    /// Deepest element nesting accepted; deeper input stops the parse.
    public var maxDepth: Int
    /// Most attributes accepted on one start tag; more refuses the document before parsing.
    public var maxAttributesPerElement: Int
    /// Longest wall-clock time the parse may take.
    public var maxDuration: Duration
    /// Most parser errors recorded before the parse is abandoned.
    public var maxErrors: Int
    /// Most bytes that references to document-declared entities may expand to, in all.
    public var maxExpandedEntityBytes: Int
    /// An encoding name to use instead of the document's own declaration (nil: BOM/declaration/UTF-8).
    /// When set, the declaration's `encoding` is ignored.
    public var encoding: String?

    /// Creates parse options.
    public init(
        maxDepth: Int = 256, maxAttributesPerElement: Int = 512, maxDuration: Duration = .seconds(10),
        maxErrors: Int = 200, maxExpandedEntityBytes: Int = 1 << 20, encoding: String? = nil
    ) {
        self.maxExpandedEntityBytes = maxExpandedEntityBytes
        self.maxDepth = maxDepth
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxDuration = maxDuration
        self.maxErrors = maxErrors
        self.encoding = encoding
    }
}

/// Why a streaming parse stopped before the end of the document.
public enum XMLStopReason: Sendable, Equatable {
    /// Elements nested deeper than the limit.
    case tooDeep(Int)
    /// A start tag had more attributes than the limit.
    case tooManyAttributes(Int)
    /// The parse ran longer than the limit.
    case timeLimit(Duration)
    /// The document produced more errors than the limit.
    case tooManyErrors(Int)
    /// References to declared entities expanded to more bytes than the limit.
    case entityExpansion(Int)
}

/// What a streaming parse reports besides its events.
public struct XMLParseOutcome: Sendable {
    /// The first parser error messages (one line each, with line numbers), empty for a well-formed document.
    public var errors: [String] = []
    /// How many errors the parser reported in all.
    public var errorCount = 0
    /// Set when a limit stopped the parse early.
    public var stopReason: XMLStopReason?
    /// Whether the parser reported a fatal (well-formedness) error.
    public var hadFatalError = false
}
