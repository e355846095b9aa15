import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// `NumberText` formats through the C library in the C locale; Foundation's `String(format:locale: nil)` is the
/// reference it must agree with, digit for digit.
@Suite(
    "number text",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct NumberTextTests {
    /// A fixed seed: the same values on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func fixedAgreesWithFoundation() {
        var random = Seeded(state: 8)
        var values: [Double] = [
            0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, -0.125, 0.005, 0.015, 0.045, 1e-300, 99.995, 99.9949999,
            1234.5678, -1234.5678, 1e15, 1e21, -1e21, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude,
            Double.leastNonzeroMagnitude,
        ]
        for _ in 0..<2000 {
            let magnitude = Double.random(in: -6...16, using: &random)
            values.append(pow(10, magnitude) * (Bool.random(using: &random) ? 1 : -1))
        }
        for _ in 0..<500 {
            // Exact halves at the rounding digit: where rounding rules differ.
            values.append(Double(Int.random(in: -100_000...100_000, using: &random)) / 8)
        }
        for value in values {
            for decimals in 0...4 {
                let expected = String(format: "%.\(decimals)f", locale: nil, value)
                #expect(NumberText.fixed(value, decimals: decimals) == expected, "\(value) with \(decimals)")
            }
        }
    }

    /// The integer path takes every number a board shows; the C library only what is beyond it.
    @Test func theIntegerPathAndItsLimits() {
        #expect(NumberText.exactFixed(0.125, decimals: 2) == "0.12")
        #expect(NumberText.exactFixed(0.375, decimals: 2) == "0.38")
        #expect(NumberText.exactFixed(-0.001, decimals: 2) == "-0.00")
        #expect(NumberText.exactFixed(99.995, decimals: 2) == "100.00")  // 99.99500000000000454...
        #expect(NumberText.exactFixed(0.015, decimals: 2) == "0.01")  // 0.01499999999999999944...
        #expect(NumberText.exactFixed(1204, decimals: 0) == "1204")
        #expect(NumberText.exactFixed(0x1p63, decimals: 1) == nil)
        #expect(NumberText.exactFixed(1.5, decimals: 10) == nil)
    }

    @Test func notANumberAndInfinities() {
        #expect(NumberText.fixed(.nan, decimals: 1) == "NaN")
        #expect(NumberText.fixed(.infinity, decimals: 1) == "+Inf")
        #expect(NumberText.fixed(-.infinity, decimals: 2) == "-Inf")
    }

    @Test func groupedBeyondIntegers() {
        #expect(NumberText.grouped(1_204.4) == "1,204")
        #expect(NumberText.grouped(-1_234_567) == "-1,234,567")
        #expect(NumberText.grouped(2.5e17) == String(format: "%.3g", locale: nil, 2.5e17))
    }

    /// The thread's locale is set back after each number.
    @Test func theCallersLocaleIsKept() {
        let before = uselocale(nil)
        _ = NumberText.fixed(1.25, decimals: 1)
        #expect(uselocale(nil) == before)
    }
}
