/// One fuzz target's logic: any bytes go in; it returns normally (success or a clean, typed error of
/// the code under test) or reports a broken invariant as a `Finding`. A crash, hang or runaway
/// allocation is a bug in the code under test.
public protocol Harness: Sendable {
    /// The executable target's name; also the directory of its reproducers under `Tests/Fuzz/Regressions/`.
    static var name: String { get }
    static func run(_ input: [UInt8]) async throws(Finding)
}

/// A harness that needs no concurrency: libFuzzer calls it directly, without a task hop per input.
public protocol SynchronousHarness: Harness {
    static func runSynchronously(_ input: [UInt8]) throws(Finding)
}

extension SynchronousHarness {
    public static func run(_ input: [UInt8]) async throws(Finding) { try runSynchronously(input) }
}

/// A broken invariant (a lossless round trip that lost bytes, an error without a position, …).
public struct Finding: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Throws a finding unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(Finding) {
    if !condition { throw Finding(message()) }
}

/// Every harness, for the regression tests.
public enum Harnesses {
    public static let all: [any Harness.Type] = [
        YAMLHarness.self, SopsStoreHarness.self, SopsDocumentHarness.self, AgeHarness.self, FilterProtocolHarness.self,
    ]

    public static func named(_ name: String) -> (any Harness.Type)? { all.first { $0.name == name } }
}
