/// What the filter does to one file's bytes. The protocol code (`FilterServer`) knows nothing about
/// sops; `SopsFilterPolicy` is the real policy, tests use reversible toy policies.
public protocol FilterPolicy: Sendable {
    /// Working-tree bytes of `path` to the bytes git stores. Throwing makes git fail the add
    /// (`filter.gitsops.required=true`); throw `FilterAbort` when no later file can succeed either.
    func clean(_ content: [UInt8], path: String) async throws -> [UInt8]

    /// `clean`, answered as a stream when the output is large (the server writes it to git piece
    /// by piece); the default wraps `clean`.
    func cleanContent(_ content: [UInt8], path: String) async throws -> FilterContent

    /// Stored bytes of `path` to working-tree bytes. A file that cannot be decrypted here (no key,
    /// damaged) comes back as stored with a `warning` rather than throw: a required filter that
    /// fails one file fails the whole checkout.
    func smudge(_ content: [UInt8], path: String) async throws -> Smudged

    /// `smudge` for the filter server, which may answer with a `stream` (written to git piece by
    /// piece); the default is `smudge`, which always fills `content`.
    func smudgeContent(_ content: [UInt8], path: String) async throws -> Smudged

    /// Whether smudging `content` needs a network round trip (a KMS unwrap not cached yet): such
    /// smudges are delayed when git allows it, and run concurrently.
    func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool

    /// Whether smudging `content` is CPU work worth running on another core while git goes on
    /// sending files (delayed too, within a memory budget, when there is more than one core).
    func smudgeIsWorthParallelizing(_ content: [UInt8], path: String) -> Bool

    /// How many content bytes `command` will probably bring (the file's size, the blob's size), so
    /// they are read into one allocation: a growing array briefly holds twice what it copies.
    func expectedContentSize(_ command: FilterCommand) -> Int?
}

extension FilterPolicy {
    /// No: smudges run in line unless they need the network.
    public func smudgeIsWorthParallelizing(_ content: [UInt8], path: String) -> Bool { false }

    /// Unknown: content arrays grow as packets arrive.
    public func expectedContentSize(_ command: FilterCommand) -> Int? { nil }

    /// `clean`'s bytes.
    public func cleanContent(_ content: [UInt8], path: String) async throws -> FilterContent {
        .bytes(try await clean(content, path: path))
    }

    /// `smudge`'s result.
    public func smudgeContent(_ content: [UInt8], path: String) async throws -> Smudged {
        try await smudge(content, path: path)
    }
}

/// Output produced piece by piece as it is written (a large binary secret, sealed or opened in
/// chunks), so it is never held whole next to the input.
public protocol ContentStream: Sendable {
    /// Hands the output to `sink` in pieces; errors of `sink` pass through.
    func write(to sink: (UnsafeRawBufferPointer) throws -> Void) throws
}

/// A filter's output: bytes, or a stream written to git as it is produced.
public enum FilterContent: Sendable {
    /// The whole output.
    case bytes([UInt8])
    /// The output, produced while it is written.
    case stream(any ContentStream)
}

/// The result of a smudge: the working-tree bytes and, when they are not decrypted, why.
public struct Smudged: Sendable, Equatable {
    /// The working-tree bytes (empty when `stream` is set).
    public var content: [UInt8]
    /// When set (only by `smudgeContent`), the working-tree bytes come from this stream instead
    /// of `content`.
    public var stream: (any ContentStream)?
    /// Worth a word to the user; the server names every file with a warning in one line at the end.
    public var warning: SmudgeWarning?

    public init(_ content: [UInt8], warning: SmudgeWarning? = nil) {
        self.content = content
        self.warning = warning
    }

    /// `content` goes to the working tree as it is stored, for `reason`.
    public init(_ content: [UInt8], keptAsStored reason: String) {
        self.init(content, warning: SmudgeWarning(keptAsStored: true, reason: reason))
    }

    /// Working-tree bytes written from `stream`.
    public init(streaming stream: any ContentStream) {
        self.content = []
        self.stream = stream
    }

    /// What git receives.
    var output: FilterContent { stream.map { .stream($0) } ?? .bytes(content) }

    /// Streams compare equal only to the very same (absent) stream: equality is for bytes.
    public static func == (lhs: Smudged, rhs: Smudged) -> Bool {
        lhs.content == rhs.content && lhs.warning == rhs.warning && lhs.stream == nil && rhs.stream == nil
    }
}

/// Why a smudged file deserves a word: it was left as stored, or decrypted with a caveat.
public struct SmudgeWarning: Sendable, Equatable, Hashable {
    /// The working tree gets the stored bytes (not decrypted).
    public var keptAsStored: Bool
    /// A few words without the path (files with the same reason are named together).
    public var reason: String

    /// A warning for `reason`.
    public init(keptAsStored: Bool, reason: String) {
        self.keptAsStored = keptAsStored
        self.reason = reason
    }
}

/// Thrown by a policy when the whole session should stop filtering this kind of command
/// (`status=abort`): e.g. a configuration that makes every further file fail the same way.
public struct FilterAbort: Error {
    /// Why: the error reported for the file that stopped the session's filtering.
    public let underlying: any Error
    /// `underlying`, ending the session's filtering of this kind of command.
    public init(_ underlying: any Error) { self.underlying = underlying }
}
