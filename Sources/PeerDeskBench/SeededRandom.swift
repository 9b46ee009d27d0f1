/// SplitMix64: a small, fast generator whose output depends only on the seed, so the same seed
/// gives the same corpus on every machine and every run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A value in `range` (uniform; the modulo bias is irrelevant here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    mutating func digits(_ count: Int) -> String {
        var text = String(int(1...9))
        for _ in 1..<count { text += String(int(0...9)) }
        return text
    }

    mutating func hex(_ count: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<count).map { _ in alphabet[int(0...15)] })
    }

    mutating func alphanumeric(_ count: Int, upper: Bool = false) -> String {
        let alphabet = Array(upper ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" : "abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in alphabet[int(0...(alphabet.count - 1))] })
    }

    mutating func shuffle<T>(_ items: [T]) -> [T] {
        var copy = items
        copy.shuffle(using: &self)
        return copy
    }
}
