/// Renders any error as the lines gitsops prints on stderr, in the style of age's CLI.
public enum ErrorReport {
    /// The `<tool>: error: …` line and, when known, the `<tool>: hint: …` line.
    public static func lines(for error: any Error, tool: String = "gitsops") -> [String] {
        guard let error = error as? any GitsopsError else {
            return ["\(tool): error: \(String(describing: error))"]
        }
        var message = error.description
        if let path = error.path, !path.isEmpty { message = "\(path): \(message)" }
        var lines = ["\(tool): error: \(message)"]
        if let hint = error.hint, !hint.isEmpty { lines.append("\(tool): hint: \(hint)") }
        return lines
    }
}
