import TextEncoding
/// Secret `data` shown as readable text: `view --decode` and the editor see the base64 values
/// decoded under `stringData`; saving encodes them back into `data`.
public enum SecretView {
    /// Whether `object` is a core/v1 Secret.
    public static func isSecret(_ object: ManifestValue) -> Bool {
        object["kind"]?.stringValue == "Secret" && (object["apiVersion"]?.stringValue ?? "v1") == "v1"
    }

    /// `object` with every `data` value that is UTF-8 text moved, decoded, into `stringData` (at the
    /// position of `data`); values that are not text stay base64 in `data`. Non-Secrets are unchanged.
    public static func decoded(_ object: ManifestValue) -> ManifestValue {
        guard isSecret(object), case .object(var fields) = object,
              let dataIndex = fields.firstIndex(where: { $0.key == "data" }),
              let data = fields[dataIndex].value.fields else { return object }
        var existing = object["stringData"]?.fields ?? []
        var binary: [ManifestValue.Field] = []
        var decoded: [ManifestValue.Field] = []
        for field in data {
            if let text = field.value.stringValue, let bytes = Base64.decode(text),
               let string = String(validating: bytes, as: UTF8.self),
               !existing.contains(where: { $0.key == field.key }) {
                decoded.append(.init(field.key, .string(string)))
            } else {
                binary.append(field)
            }
        }
        guard !decoded.isEmpty else { return object }
        existing = decoded + existing
        fields.removeAll { $0.key == "stringData" }
        let position = fields.firstIndex(where: { $0.key == "data" })!
        fields.insert(.init("stringData", .object(existing)), at: position)
        if binary.isEmpty {
            fields.removeAll { $0.key == "data" }
        } else {
            fields[fields.firstIndex(where: { $0.key == "data" })!].value = .object(binary)
        }
        return .object(fields)
    }

    /// The inverse of `decoded` for an edited object: `stringData` entries go back into `data`,
    /// base64-encoded, except keys the `original` file itself kept in `stringData`. Keys keep the
    /// original order; new keys follow in the order written. Throws when `data` is not base64.
    public static func encoded(_ edited: ManifestValue, original: ManifestValue?) throws -> ManifestValue {
        guard isSecret(edited), case .object(var fields) = edited else { return edited }
        let identity = ObjectIdentity(edited).map { "\($0)" } ?? "Secret"
        let keptAsText = Set(original?["stringData"]?.fields?.map(\.key) ?? [])
        var data: [ManifestValue.Field] = []
        for field in edited["data"]?.fields ?? [] {
            guard let text = field.value.stringValue, Base64.decode(text) != nil else {
                throw KubectlPluginError(.invalidManifest, "\(identity): data.\(field.key) is not valid base64",
                                         hint: "put readable values under stringData; they are encoded when saved")
            }
            data.append(field)
        }
        var stringData: [ManifestValue.Field] = []
        if let entries = edited["stringData"] {
            guard let entries = entries.fields else {
                throw KubectlPluginError(.invalidManifest, "\(identity): stringData must be a mapping")
            }
            for field in entries {
                guard let text = field.value.scalarText else {
                    throw KubectlPluginError(.invalidManifest, "\(identity): stringData.\(field.key) must be a string")
                }
                if keptAsText.contains(field.key) {
                    stringData.append(.init(field.key, .string(text)))
                } else {
                    data.removeAll { $0.key == field.key }
                    // An unchanged value keeps the original's spelling of its base64 (padding, wrapping).
                    let kept = original?["data"]?[field.key]?.stringValue.flatMap { Base64.decode($0) == Array(text.utf8) ? $0 : nil }
                    data.append(.init(field.key, .string(kept ?? Base64.encode(Array(text.utf8)))))
                }
            }
        }
        let originalOrder = original?["data"]?.fields?.map(\.key) ?? []
        data = data.sorted { lhs, rhs in
            let l = originalOrder.firstIndex(of: lhs.key) ?? Int.max
            let r = originalOrder.firstIndex(of: rhs.key) ?? Int.max
            return l < r
        }
        let anchor = fields.firstIndex { $0.key == "data" || $0.key == "stringData" } ?? fields.count
        fields.removeAll { $0.key == "data" || $0.key == "stringData" }
        var replacement: [ManifestValue.Field] = []
        if !data.isEmpty || original?["data"] != nil { replacement.append(.init("data", .object(data))) }
        if !stringData.isEmpty { replacement.append(.init("stringData", .object(stringData))) }
        fields.insert(contentsOf: replacement, at: min(anchor, fields.count))
        return .object(fields)
    }
}
