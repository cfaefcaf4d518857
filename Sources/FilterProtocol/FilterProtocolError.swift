public import Diagnostics

/// A failure of the filter protocol itself: git (or whatever is on the other end) broke the
/// framing or the conversation, or a descriptor failed. Messages name the protocol step, never
/// file contents.
public typealias FilterProtocolError = CodedError<FilterProtocolErrorCode>

/// What kind of failure a `FilterProtocolError` is.
public enum FilterProtocolErrorCode: Sendable, Equatable {
    /// git (or whatever is on the other end) broke the pkt-line framing or the filter protocol.
    case malformedInput
    /// Reading or writing a descriptor failed.
    case io
}

extension CodedError where Kind == FilterProtocolErrorCode {
    static func malformed(_ message: String) -> FilterProtocolError {
        FilterProtocolError(.malformedInput, "filter protocol: \(message)",
                            hint: "gitsops filter-process speaks git's long-running filter protocol; run it only from git")
    }
}
