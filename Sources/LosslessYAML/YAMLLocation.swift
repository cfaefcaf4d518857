/// A position in the source: byte offset plus 1-based line and column.
public struct YAMLLocation: Hashable, Sendable, CustomStringConvertible {
    /// Byte offset from the start of the input.
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in Unicode scalars.
    public let column: Int

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
