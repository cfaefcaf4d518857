/// What the filter does to one file's bytes. The protocol code (`FilterServer`) knows nothing about
/// sops; `SopsFilterPolicy` is the real policy, tests use reversible toy policies.
public protocol FilterPolicy: Sendable {
    /// Working-tree bytes of `path` to the bytes git stores. Throwing makes git fail the add
    /// (`filter.gitsops.required=true`); throw `FilterAbort` when no later file can succeed either.
    func clean(_ content: [UInt8], path: String) async throws -> [UInt8]

    /// Stored bytes of `path` to working-tree bytes. A file that cannot be decrypted here should
    /// come back unchanged with a `warning` rather than throw, so checkouts without keys work.
    func smudge(_ content: [UInt8], path: String) async throws -> Smudged

    /// Whether smudging `content` needs a network round trip (a KMS unwrap not cached yet): such
    /// smudges are delayed when git allows it, and run concurrently.
    func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool

    /// Whether smudging `content` is CPU work worth running on another core while git goes on
    /// sending files (delayed too, within a memory budget, when there is more than one core).
    func smudgeIsWorthParallelizing(_ content: [UInt8], path: String) -> Bool
}

extension FilterPolicy {
    public func smudgeIsWorthParallelizing(_ content: [UInt8], path: String) -> Bool { false }
}

/// The result of a smudge: the working-tree bytes and, when they are not decrypted, why.
public struct Smudged: Sendable, Equatable {
    public var content: [UInt8]
    /// One line saying why the file was left as it is stored; identical lines print once per
    /// session, so name the path only when the warning is about that one file.
    public var warning: String?

    public init(_ content: [UInt8], warning: String? = nil) {
        self.content = content
        self.warning = warning
    }
}

/// Thrown by a policy when the whole session should stop filtering this kind of command
/// (`status=abort`): e.g. a configuration that makes every further file fail the same way.
public struct FilterAbort: Error {
    public let underlying: any Error
    public init(_ underlying: any Error) { self.underlying = underlying }
}
