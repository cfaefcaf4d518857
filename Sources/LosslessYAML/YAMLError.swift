public import Diagnostics

/// A YAML syntax or typing failure at a `line:column` (1-based); the message never quotes scalar content.
public struct YAMLError: GitsopsError, Equatable {
    /// 1-based line of the offending byte.
    public let line: Int
    /// 1-based column (in Unicode scalars) of the offending byte.
    public let column: Int
    /// What is wrong, without any scalar content.
    public let message: String

    /// Creates an error at `line:column`.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A failure before its position is known in lines and columns (converted by `SourceText`).
struct PositionedError: Error {
    let offset: Int
    let message: String

    init(_ offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }
}
