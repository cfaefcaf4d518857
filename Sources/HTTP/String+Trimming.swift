extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    var trimmedWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
