/// A growable list of plain values (no references inside) in manually allocated memory, for the
/// per-thread lists of `ClassifierScratch` and `Vocabulary`: appended to or read for every word that
/// hits an atom and for every piece of evidence, where an `Array`'s uniqueness check (a runtime
/// call), capacity check and reference counting showed in profiles.
///
/// A value owns its storage but does not free it: the object that holds it calls `deallocate()` in
/// its `deinit`, and never copies it (a copy would share the storage).
struct ScratchList<Element: BitwiseCopyable> {
    /// The elements; `capacity` of them allocated, the first `count` valid.
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the storage (the owner's `deinit` only).
    func deallocate() { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// The valid elements, until the next append.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func append(contentsOf elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    /// Forgets the elements, keeping the storage.
    @inline(__always)
    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }
}
