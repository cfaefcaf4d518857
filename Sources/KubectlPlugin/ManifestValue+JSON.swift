import JSON

/// JSON in and out (kubectl's `-o json`, and the manifests piped to it), keeping key order.
extension ManifestValue {
    /// Parses one JSON value; nesting deeper than 200 levels is rejected.
    public static func parseJSON(_ bytes: [UInt8]) throws -> ManifestValue {
        do {
            return ManifestValue(try bytes.withUnsafeBytes { try JSONDocument(parsing: $0, maxDepth: 200) }.root)
        } catch let error as JSONDocument.SyntaxError {
            throw KubectlPluginError(.invalidManifest, "invalid JSON at byte \(error.offset): \(error.reason)")
        }
    }

    private init(_ value: JSONValue) {
        if let members = value.members {
            self = .object(members.map { Field($0.key, ManifestValue($0.value)) })
        } else if let items = value.array {
            self = .array(items.map(ManifestValue.init))
        } else if let text = value.string {
            self = .string(text)
        } else if let text = value.numberText {
            self = .number(text)
        } else if let flag = value.bool {
            self = .bool(flag)
        } else {
            self = .null
        }
    }

    /// Compact JSON text.
    public var json: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return Self.quoted(text)
        case .array(let items): return "[" + items.map(\.json).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.map { Self.quoted($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (also a valid YAML double-quoted scalar).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || (0x80...0x9f).contains(scalar.value)
                    || scalar.value == 0xfeff || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension ManifestValue {
    /// JSON indented by two spaces, as `kubectl get -o json` prints it.
    public var prettyJSON: String { pretty(indent: 0) + "\n" }

    private func pretty(indent: Int) -> String {
        let inner = String(repeating: " ", count: indent + 2), outer = String(repeating: " ", count: indent)
        switch self {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + $0.pretty(indent: indent + 2) }.joined(separator: ",\n") + "\n" + outer + "]"
        case .object(let fields) where !fields.isEmpty:
            return "{\n" + fields.map { inner + Self.quoted($0.key) + ": " + $0.value.pretty(indent: indent + 2) }
                .joined(separator: ",\n") + "\n" + outer + "}"
        default:
            return json
        }
    }
}
