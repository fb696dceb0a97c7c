import Synchronization

/// Random numbers for jitter (poll intervals, backoff): SplitMix64 over one process-wide atomic
/// counter, seeded once from the system's source.
///
/// Jitter only has to spread feeds apart, not be unpredictable; the system's generator made one
/// getrandom(2) system call per draw, i.e. one per feed in every pass (1,000 of them in a 304 pass
/// over 1,000 feeds). Safe from any thread: each draw is one atomic add and a few multiplications.
public struct JitterRandomNumberGenerator: RandomNumberGenerator {
    private static let state: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    /// A generator drawing from the shared sequence.
    public init() {}

    /// The next number of the shared SplitMix64 sequence.
    public mutating func next() -> UInt64 {
        var z = Self.state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
