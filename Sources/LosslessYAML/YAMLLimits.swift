/// Bounds that keep hostile input from exhausting the stack or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Deepest nesting of collections accepted.
    public var maxDepth: Int
    /// Most nodes the value view may produce while expanding aliases (a "billion laughs" guard);
    /// the effective bound is also at most 10 times the stream's nodes (at least 100 000).
    public var maxExpandedNodes: Int

    /// Creates limits.
    public init(maxDepth: Int = 256, maxExpandedNodes: Int = 2_000_000) {
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
    }

    /// The limits used unless a caller asks otherwise.
    public static let standard = YAMLLimits()
}
