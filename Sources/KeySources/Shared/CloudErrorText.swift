import HTTP

/// Error text from cloud services, made fit for a terminal: it is untrusted input.
enum CloudErrorText {
    /// A service's message reduced to one printable line of bounded length.
    static func sanitized(_ message: String) -> String {
        let line = message.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }

    /// The message of an OAuth/OpenID error answer (`error`, `error_description`), or of a Google or
    /// Azure-style `{"error": {"code", "message"}}` body.
    static func detail(_ response: HTTPResponse) -> String {
        guard let json = response.json()?.root else {
            let text = sanitized(response.text.trimmedWhitespace)
            return text.isEmpty ? "HTTP \(response.status)" : "HTTP \(response.status): \(text.prefix(200))"
        }
        if let error = json["error"], error.string == nil {
            let code = error["status"]?.string ?? error["code"]?.string ?? error["code"]?.integer.map(String.init) ?? "HTTP \(response.status)"
            let inner = error["innererror"]?["code"]?.string.map { " (\($0))" } ?? ""
            return sanitized("\(code)\(inner): \(error["message"]?.string ?? "")")
        }
        if let code = json["error"]?.string {
            return sanitized(code + (json["error_description"]?.string.map { ": \($0)" } ?? ""))
        }
        if let errors = json["errors"]?.array {
            return sanitized(errors.compactMap(\.string).joined(separator: "; "))
        }
        return "HTTP \(response.status)"
    }
}
