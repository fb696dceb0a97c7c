/// A fixed-seed random generator (SplitMix64), so a test that draws random cases repeats them,
/// and a failure names a seed that reproduces it. One for every test target (it stood in five).
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64

    /// Starts from `state`.
    public init(state: UInt64) { self.state = state }

    /// Starts from `seed` (the same as `init(state:)`).
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
