/// A configured topic whose query does not parse.
public struct TopicError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The topic's name.
    public var topic: String
    /// What is wrong with its query, and where.
    public var syntax: QuerySyntaxError

    /// Creates a topic error.
    public init(topic: String, syntax: QuerySyntaxError) {
        self.topic = topic
        self.syntax = syntax
    }

    /// "topic 'NAME': query at OFFSET: MESSAGE".
    public var description: String { "topic '\(topic)': query \(syntax.description)" }
}
