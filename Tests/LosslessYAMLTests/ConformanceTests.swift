import Testing
@testable import LosslessYAML

/// Runs every case of `shared/fixtures/yaml-test-suite`.
///
/// * data: every case with `in.json` parses to the same data (rule in `DataComparison`);
/// * error: every `error` case is rejected with a line and column;
/// * roundtrip: every valid case prints back byte-identical, and the tree accounts for every byte;
/// * events: every valid case's tree matches `test.event` (structure, styles, anchors, tags).
@Suite struct ConformanceTests {
    @Test func yamlTestSuite() {
        var totals: [String: (passed: Int, total: Int)] = [:]
        var failures: [String: String] = [:]
        func record(_ check: String, _ id: String, _ problem: String?) {
            totals[check, default: (0, 0)].total += 1
            if let problem { failures["\(check):\(id)"] = problem } else { totals[check]!.passed += 1 }
        }
        for c in SuiteCase.all {
            let input = c.input
            if c.isError {
                do {
                    _ = try YAMLStream.parse(input)
                    record("error", c.id, "accepted")
                } catch {
                    record("error", c.id, error.line >= 1 && error.column >= 1 && !error.message.isEmpty ? nil : "no position")
                }
                continue
            }
            let stream: YAMLStream
            do {
                stream = try YAMLStream.parse(input)
            } catch {
                record("roundtrip", c.id, "rejected: \(error)")
                if c.json != nil { record("data", c.id, "rejected") }
                if c.events != nil { record("events", c.id, "rejected") }
                continue
            }
            let problems = stream.structuralProblems()
            record("roundtrip", c.id, stream.printed() != input ? "printed differs" : problems.first)
            if let events = c.events {
                record("events", c.id, EventDump.events(stream) == events ? nil : "events differ")
            }
            if let json = c.json {
                do {
                    let expected = try JSONReader.readAll(json)
                    let documents = stream.documents
                    let same = documents.count == expected.count
                        && zip(documents, expected).allSatisfy { DataComparison.matches($0.root, $1, in: stream) }
                    record("data", c.id, same ? nil : "data differs")
                } catch {
                    record("data", c.id, "unreadable in.json")
                }
            }
        }
        for check in ["data", "error", "roundtrip", "events"] {
            let t = totals[check] ?? (0, 0)
            print("yaml-test-suite \(check): \(t.passed)/\(t.total) passed")
        }
        for (key, reason) in failures.sorted(by: { $0.key < $1.key }) {
            print("  failing \(key): \(reason)")
            #expect(KnownFailures.cases[key] != nil, "new failure \(key): \(reason)")
        }
        for key in KnownFailures.cases.keys.sorted() where failures[key] == nil {
            Issue.record("\(key) passes now: remove it from KnownFailures")
        }
    }
}
