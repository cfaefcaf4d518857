import LosslessYAML
import TextEncoding

/// The plugin's manifest reader: JSON files natively (numbers kept as written), everything else
/// as a YAML stream through LosslessYAML, typed the way sops and go-yaml type it.
package enum ManifestReader {
    /// Every document of `bytes` (a null value for an empty document). Errors name `line:column`.
    package static func documents(_ bytes: [UInt8], path: String) throws -> [ManifestValue] {
        let trimmed = bytes.drop { [0x20, 0x0a, 0x0d, 0x09].contains($0) }
        if path.lowercased().hasSuffix(".json") || trimmed.first == UInt8(ascii: "{") || trimmed.first == UInt8(ascii: "[") {
            if let value = try? ManifestValue.parseJSON(bytes) { return [value] }
            if path.lowercased().hasSuffix(".json") { return [try ManifestValue.parseJSON(bytes)] }
        }
        return try ManifestValue.parseYAML(bytes, path: path)
    }
}

extension ManifestValue {
    /// Every document of a YAML stream (an empty document is `.null`). Errors carry `line:column`.
    static func parseYAML(_ bytes: [UInt8], path: String? = nil) throws -> [ManifestValue] {
        do {
            return try YAMLStream.parse(bytes).values().map(ManifestValue.init)
        } catch {
            throw KubectlPluginError(.invalidManifest, "invalid YAML: \(error.description)", path: path)
        }
    }

    /// A YAML value as a JSON-shaped manifest value; scalars that JSON lacks become strings.
    init(_ value: YAMLValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(String(number))
        case .uint64(let number): self = .number(String(number))
        case .float(let number):
            self = number.isFinite ? .number(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)")
                : .string("\(number)")
        case .timestamp(let stamp): self = .string(stamp.description)
        case .string(let text): self = .string(text)
        case .bytes(let bytes): self = .string(Base64.encode(bytes))
        case .sequence(let items): self = .array(items.map(ManifestValue.init))
        case .mapping(let pairs):
            self = .object(pairs.map { Field(ManifestValue($0.key).keyText, ManifestValue($0.value)) })
        }
    }

    /// A mapping key as text (Kubernetes keys are strings; other scalars are spelled out).
    private var keyText: String {
        switch self {
        case .null: return "null"
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object: return json
        }
    }
}
