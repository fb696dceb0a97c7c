/// Which shortcuts `Classifier` takes; the shortcuts must never change a result, and tests check
/// that by comparing `fast` against `reference` on generated topics and entries.
struct ClassifierStrategy: Sendable {
    /// Decide queries of the form "AND of ORs of terms and of negated ORs" by bit tests on the
    /// entry's hit mask, instead of walking the query tree.
    var usesMasks = true
    /// Evaluate only the topics the index proposes, instead of every topic.
    var usesIndexCandidates = true
    /// Decide other queries by visiting only the nodes the entry's hits can change (`SparseQuery`),
    /// instead of walking the whole tree.
    var usesSparseEvaluation = true
    /// List a phrase in the index under its rarest-looking word (`CompiledTopic.anchor(of:)`) rather
    /// than under its first: its hit bit then says that word occurs, which makes the topic a
    /// candidate less often when the phrase starts with a function word (`de minimis`).
    var anchorsPhrasesOnRareWords = true
    /// How many of a topic's leaves the index lists (tests lower it to reach the unlisted path
    /// without a query of 65,535 terms).
    var listedLeafLimit = CompiledTopic.maximumListedLeaves

    /// Every shortcut: what `Classifier` does.
    static let fast = ClassifierStrategy()
    /// No shortcut: every topic's query tree is walked for every entry.
    static let reference = ClassifierStrategy(
        usesMasks: false, usesIndexCandidates: false, usesSparseEvaluation: false, anchorsPhrasesOnRareWords: false)
}
