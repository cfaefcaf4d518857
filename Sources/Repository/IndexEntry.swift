/// One entry of the index: a tracked path, its blob and its merge stage.
public struct IndexEntry: Hashable, Sendable {
    /// The path relative to the working tree root, with `/` separators.
    public var path: String
    /// The staged blob.
    public var id: ObjectID
    /// The file mode (`0o100644`, `0o100755`, `0o120000`, …).
    public var mode: UInt32
    /// The merge stage: 0 normally; 1 (base), 2 (ours), 3 (theirs) during a conflicted merge.
    public var stage: Int

    public init(path: String, id: ObjectID, mode: UInt32, stage: Int) {
        self.path = path
        self.id = id
        self.mode = mode
        self.stage = stage
    }
}
