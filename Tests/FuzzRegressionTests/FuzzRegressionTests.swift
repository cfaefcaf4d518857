import Foundation
import FuzzHarness
import Testing

/// Every input the fuzzers found a bug with (`Tests/Fuzz/Regressions/<target>/<file>`), replayed
/// through the same harness: each must now end in success or a clean error, quickly.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions")

    struct Reproducer: CustomTestStringConvertible, Sendable {
        var target: String
        var file: URL
        var testDescription: String { "\(target)/\(file.lastPathComponent)" }
    }

    static let reproducers: [Reproducer] = {
        let manager = FileManager.default
        let targets = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
        return targets.sorted().flatMap { target in
            let files = (try? manager.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path)) ?? []
            return files.sorted().filter { !$0.hasPrefix(".") }.map {
                Reproducer(target: target, file: directory.appendingPathComponent(target).appendingPathComponent($0))
            }
        }
    }()

    @Test func everyDirectoryNamesAHarness() {
        for reproducer in Self.reproducers {
            #expect(Harnesses.named(reproducer.target) != nil, "no harness named \(reproducer.target)")
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: reproducers)
    func replays(_ reproducer: Reproducer) async throws {
        let harness = try #require(Harnesses.named(reproducer.target))
        let input = Array(try Data(contentsOf: reproducer.file))
        do {
            try await harness.run(input)
        } catch {
            Issue.record("\(reproducer.testDescription): \(error)")
        }
    }
}
