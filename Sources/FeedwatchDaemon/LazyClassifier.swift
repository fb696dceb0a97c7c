import FeedwatchClassify
import Synchronization

/// The topics' classifier, compiled by the first entry that needs it.
///
/// A pass in which every feed answers 304 classifies nothing, and compiling the default topics was
/// about a tenth of such a pass over 1,000 feeds (bench/fetch). The queries are checked before the
/// pass starts (`feedwatch run` reports a broken one at its place in the file and stops), so the
/// compile cannot fail by the time it runs.
final class LazyClassifier: Sendable {
    /// The compiled classifier in a box: taking it out of the lock costs one retain, not one per
    /// stored property of `Classifier`.
    private final class Box: Sendable {
        let classifier: Classifier
        init(_ classifier: Classifier) { self.classifier = classifier }
    }

    private let compile: @Sendable () -> Classifier
    private let compiled = Mutex<Box?>(nil)

    /// A classifier compiled by `compile` on first use.
    init(compile: @escaping @Sendable () -> Classifier) {
        self.compile = compile
    }

    /// One compiled already.
    init(_ classifier: Classifier) {
        compile = { classifier }
        compiled.withLock { $0 = Box(classifier) }
    }

    /// The classifier; the first caller compiles it while any other waits.
    var classifier: Classifier {
        compiled.withLock { box in
            if let box { return box.classifier }
            let made = Box(compile())
            box = made
            return made.classifier
        }
    }
}
