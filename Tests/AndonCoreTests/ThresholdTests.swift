import AndonCore
import AndonTestSupport
import Testing

@Suite(
    "Thresholds at every boundary",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct ThresholdTests {
    static let table: [(PrincipleID, Double, Status)] = [
        // Jidoka: green v = 0, yellow 0 < v ≤ 30, red v > 30
        (.jidoka, 0, .green), (.jidoka, 0.001, .yellow), (.jidoka, 10, .yellow), (.jidoka, 30, .yellow),
        (.jidoka, 30.001, .red), (.jidoka, 100, .red),
        // Kanban: green v < 500, yellow 500 ≤ v ≤ 1000, red v > 1000
        (.kanban, 0, .green), (.kanban, 499, .green), (.kanban, 499.999, .green), (.kanban, 500, .yellow),
        (.kanban, 1000, .yellow), (.kanban, 1000.5, .red), (.kanban, 1001, .red),
        // Andon: green v < 0.5, yellow 0.5 ≤ v ≤ 1, red v > 1
        (.andon, 0, .green), (.andon, 0.499, .green), (.andon, 0.5, .yellow), (.andon, 1, .yellow),
        (.andon, 1.001, .red),
        // Kaizen: green v > 95, yellow 90 ≤ v ≤ 95, red v < 90
        (.kaizen, 100, .green), (.kaizen, 95.001, .green), (.kaizen, 95, .yellow), (.kaizen, 90, .yellow),
        (.kaizen, 89.999, .red), (.kaizen, 0, .red),
        // Heijunka: green v < 70, yellow 70 ≤ v ≤ 85, red v > 85
        (.heijunka, 69.99, .green), (.heijunka, 70, .yellow), (.heijunka, 85, .yellow), (.heijunka, 85.01, .red),
        // Tracing: green v < 3, yellow 3 ≤ v ≤ 5, red v > 5
        (.tracing, 0.2, .green), (.tracing, 2.999, .green), (.tracing, 3, .yellow), (.tracing, 5, .yellow),
        (.tracing, 5.001, .red), (.tracing, .infinity, .red),
    ]

    @Test(arguments: table)
    func boundary(id: PrincipleID, value: Double, expected: Status) {
        #expect(PrincipleSpec.standard(id).thresholds.status(for: value) == expected)
    }

    @Test(arguments: PrincipleID.allCases)
    func noValueIsNeverGreen(id: PrincipleID) {
        let thresholds = PrincipleSpec.standard(id).thresholds
        #expect(thresholds.status(for: nil) == .unknown)
        #expect(thresholds.status(for: .nan) == .unknown)
    }

    /// Boundaries computed the way Prometheus computes them (100 × a fraction) still sit on the boundary.
    @Test func floatingPointBoundaries() {
        #expect(PrincipleSpec.standard(.kaizen).thresholds.status(for: 100 * 0.95) == .yellow)
        #expect(PrincipleSpec.standard(.kaizen).thresholds.status(for: 100 * 0.9) == .yellow)
        #expect(PrincipleSpec.standard(.andon).thresholds.status(for: 100 * (0.5 / 100)) == .yellow)
        #expect(PrincipleSpec.standard(.heijunka).thresholds.status(for: 100 * 0.7) == .yellow)
        #expect(PrincipleSpec.standard(.heijunka).thresholds.status(for: 100 * 0.85) == .yellow)
        #expect(PrincipleSpec.standard(.jidoka).thresholds.status(for: 100 * 3 / 10) == .yellow)
    }

    @Test(arguments: [
        ("< 500", Condition(.less, 500)), ("<=0.5", Condition(.lessOrEqual, 0.5)), (">  30", Condition(.greater, 30)),
        (">= 1e3", Condition(.greaterOrEqual, 1000)), ("== 0", Condition(.equal, 0)), ("= 0", Condition(.equal, 0)),
        ("< -1", Condition(.less, -1)),
    ])
    func parsesConditions(text: String, expected: Condition) {
        #expect(Condition(parsing: text) == expected)
    }

    @Test(arguments: ["500", "<", "< abc", "> Inf", "=> 3", "< 0x10", "", "<< 3"])
    func rejectsConditions(text: String) {
        #expect(Condition(parsing: text) == nil)
    }

    @Test func worstOf() {
        #expect(Status.worst([.green, .yellow]) == .yellow)
        #expect(Status.worst([.green, .unknown, .yellow]) == .unknown)
        #expect(Status.worst([.unknown, .red]) == .red)
        #expect(Status.worst([Status]()) == .unknown)
        #expect(Status.allCases.map(\.exitCode) == [0, 1, 2, 3])
    }
}
