@testable import AuroraThrift

/// A seeded SplitMix64 generator that builds small random values; the same seed gives the same value.
struct Gen {
    private var state: UInt64
    private(set) var depth = 0

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x2545_F491_4F6C_DD1D
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Whether an optional field is set; deeper values are sparser so sizes stay small.
    mutating func present() -> Bool {
        below(100) < (depth < 7 ? 80 : 40)
    }

    /// Runs `body` one nesting level deeper.
    mutating func nested<T>(_ body: (inout Gen) -> T) -> T {
        depth += 1
        defer { depth -= 1 }
        return body(&self)
    }

    /// An array of up to 3 elements (fewer when deep).
    mutating func array<T>(_ element: (inout Gen) -> T) -> [T] {
        let count = below(depth > 7 ? 2 : 4)
        return (0..<count).map { _ in element(&self) }
    }

    /// A dictionary of up to 3 entries.
    mutating func dictionary<K: Hashable, V>(_ key: (inout Gen) -> K, value: (inout Gen) -> V) -> [K: V] {
        var result: [K: V] = [:]
        for _ in 0..<below(4) { result[key(&self)] = value(&self) }
        return result
    }
}

/// A type whose random instances the round-trip tests build.
protocol Arbitrary {
    static func arbitrary(_ g: inout Gen) -> Self
}

extension Bool: Arbitrary {
    static func arbitrary(_ g: inout Gen) -> Bool { g.below(2) == 1 }
}

extension FixedWidthInteger where Self: Arbitrary {
    static func arbitrary(_ g: inout Gen) -> Self {
        switch g.below(6) {
        case 0: .min
        case 1: .max
        case 2: 0
        case 3: Self(truncatingIfNeeded: g.below(200)) &- 100
        default: Self(truncatingIfNeeded: g.next())
        }
    }
}

extension Int8: Arbitrary {}
extension Int16: Arbitrary {}
extension Int32: Arbitrary {}
extension Int64: Arbitrary {}

extension Double: Arbitrary {
    static let samples: [Double] = [
        0, -0.0, 0.1, 15, -2.5, 1e-3, 9.99e-4, 1e7, 9_999_999.5, 1e-5, 123_456_789.123, .leastNonzeroMagnitude,
        .greatestFiniteMagnitude, .leastNormalMagnitude, .infinity, -.infinity, 1.0 / 3.0, 2e23,
    ]

    static func arbitrary(_ g: inout Gen) -> Double {
        if g.below(2) == 0 { return samples[g.below(samples.count)] }
        let value = Double(bitPattern: g.next())
        return value.isNaN ? 0.5 : value
    }
}

extension String: Arbitrary {
    static let pieces = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}",
        "é", "中", "😀", "\u{2028}", "mesostest", "{\"k\":[1,2]}", "\u{FFFF}",
    ]

    static func arbitrary(_ g: inout Gen) -> String {
        (0..<g.below(8)).map { _ in pieces[g.below(pieces.count)] }.joined()
    }
}

extension Arbitrary where Self: ThriftEnum {
    static func arbitrary(_ g: inout Gen) -> Self {
        g.below(8) == 0 ? Self(rawValue: Int32(truncatingIfNeeded: g.next())) : allKnown[g.below(allKnown.count)]
    }
}
