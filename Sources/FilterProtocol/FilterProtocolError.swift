public import Diagnostics

/// A failure of the filter protocol itself: git (or whatever is on the other end) broke the
/// framing or the conversation, or a descriptor failed. Messages name the protocol step, never
/// file contents.
public struct FilterProtocolError: GitsopsError, Equatable {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// git (or whatever is on the other end) broke the pkt-line framing or the filter protocol.
        case malformedInput
        /// Reading or writing a descriptor failed.
        case io
    }

    /// What went wrong.
    public var code: Code
    /// One line for the user.
    public var message: String
    /// What to do about it.
    public var hint: String?

    init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// `message`.
    public var description: String { message }

    static func malformed(_ message: String) -> FilterProtocolError {
        FilterProtocolError(.malformedInput, "filter protocol: \(message)",
                            hint: "gitsops filter-process speaks git's long-running filter protocol; run it only from git")
    }
}
