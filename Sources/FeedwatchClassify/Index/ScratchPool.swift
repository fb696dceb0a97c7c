import Foundation

/// Lends `ClassifierScratch`es so concurrent classifications never share libstemmer handles or hit lists.
///
/// A caller borrows one for one entry and gives it back; when all are lent out a new one is made.
/// `@unchecked Sendable` is sound because `idle` is only touched under `lock`, and a borrowed scratch
/// belongs to exactly one caller until it is returned.
final class ScratchPool: @unchecked Sendable {
    /// Guards `idle`.
    private let lock = NSLock()
    /// Scratches not lent out right now.
    private var idle: [ClassifierScratch] = []
    /// The size of the atom table each scratch needs.
    private let atomCount: Int
    /// The number of topics each scratch marks.
    private let topicCount: Int
    /// The topics' wide hit words, end to end (see `ClassifierScratch.wideHits`).
    private let wideHitWordCount: Int
    /// The largest query tree's node count.
    private let nodeCapacity: Int

    /// Creates an empty pool for an index size, topic count, wide hit words and largest query tree.
    init(atomCount: Int, topicCount: Int, wideHitWordCount: Int, nodeCapacity: Int) {
        self.atomCount = atomCount
        self.topicCount = topicCount
        self.wideHitWordCount = wideHitWordCount
        self.nodeCapacity = nodeCapacity
    }

    /// Runs `body` with a scratch no other thread is using.
    func withScratch<Result>(_ body: (ClassifierScratch) throws -> Result) rethrows -> Result {
        let scratch =
            lock.withLock { idle.popLast() } ?? ClassifierScratch(
                atomCount: atomCount, topicCount: topicCount, wideHitWordCount: wideHitWordCount,
                nodeCapacity: nodeCapacity)
        defer { lock.withLock { idle.append(scratch) } }
        scratch.reset()
        return try body(scratch)
    }
}
