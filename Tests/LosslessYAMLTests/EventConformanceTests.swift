import Testing
@testable import LosslessYAML

/// Diagnostic: the tree's event view against every valid case's `test.event`.
@Suite struct EventConformanceTests {
    @Test func eventsMatchSuite() {
        var passed = 0, failed: [String] = []
        for c in SuiteCase.all where !c.isError {
            guard let expected = c.events else { continue }
            do {
                let stream = try YAMLStream.parse(c.input)
                let actual = EventDump.events(stream)
                if actual == expected { passed += 1 } else { failed.append(c.id) }
            } catch {
                failed.append("\(c.id) (\(error))")
            }
        }
        print("events: \(passed) passed, \(failed.count) failed")
        for f in failed { print("  EVENT-FAIL \(f)") }
    }
}
