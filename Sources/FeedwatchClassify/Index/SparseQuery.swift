/// A topic's query tree prepared for evaluating only the nodes an entry's hits can change.
/// (A class: evaluation reads it through one reference, not five retained arrays.)
///
/// With no term occurring, every node has a fixed value, its default: false for terms, NEARs and
/// `lang:` tests, carried up through AND, OR and NOT. An entry's hit bits name the leaves that may
/// hold (one-word leaves that do, phrases whose anchor word does); only their nodes, the NEARs over
/// them, the `lang:` tests and the ancestors of those ("dirty" nodes) can differ from their
/// defaults. So the root is decided by visiting dirty nodes alone: an OR with a clean child whose
/// default is true holds without looking further, an AND with a clean false one fails. For the
/// default topics (ORs of hundreds of terms, guarded by NOTs) an entry visits a handful of nodes
/// instead of every one.
final class SparseQuery: Sendable {
    /// Per node: its parent's index, -1 for the root.
    let parents: [Int32]
    /// Per node: its value when no term occurs.
    let defaults: [Bool]
    /// Per `all`/`any` node: how many of its children have a true default (0 for other kinds).
    let trueDefaultChildren: [Int32]
    /// Per leaf: the node that tests it (its own, or the NEAR it is an operand of), -1 for none.
    let leafNodes: [Int32]
    /// The `lang:` nodes (always visited: their value depends on the entry's language, not its words).
    let languageNodes: [Int32]

    /// Prepares a flat tree (children before parents, the root last) over `leafCount` leaves.
    init(nodes: [FlatNode], children: [Int32], leafCount: Int, nears: [CompiledNear]) {
        var parents = [Int32](repeating: -1, count: nodes.count)
        var defaults = [Bool](repeating: false, count: nodes.count)
        var trueDefaultChildren = [Int32](repeating: 0, count: nodes.count)
        var leafNodes = [Int32](repeating: -1, count: leafCount)
        var languageNodes: [Int32] = []
        for (index, node) in nodes.enumerated() {
            switch node.kind {
            case .leaf:
                leafNodes[Int(node.first)] = Int32(index)
            case .near:
                let near = nears[Int(node.first)]
                for leaf in near.left + near.right { leafNodes[leaf] = Int32(index) }
            case .language:
                languageNodes.append(Int32(index))
            case .all, .any:
                var trueCount: Int32 = 0
                for offset in Int(node.first)..<Int(node.end) {
                    let child = Int(children[offset])
                    parents[child] = Int32(index)
                    if defaults[child] { trueCount += 1 }
                }
                trueDefaultChildren[index] = trueCount
                defaults[index] = node.kind == .all ? trueCount == node.end - node.first : trueCount > 0
            case .not:
                parents[Int(node.first)] = Int32(index)
                defaults[index] = !defaults[Int(node.first)]
            }
        }
        self.parents = parents
        self.defaults = defaults
        self.trueDefaultChildren = trueDefaultChildren
        self.leafNodes = leafNodes
        self.languageNodes = languageNodes
    }
}
