/// Checks topic queries without building a classifier (for `feedwatch check` and editors).
public enum TopicQuery {
    /// Throws the first syntax error of `query`, with its Character offset and what was expected.
    public static func validate(_ query: String) throws(QuerySyntaxError) {
        _ = try QueryParser.parse(query)
    }
}
