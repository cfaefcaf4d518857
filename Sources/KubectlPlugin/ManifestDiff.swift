import TextEncoding
/// What changes for one object between two versions, field by field; Secret values compared
/// decoded (with `stringData` folded into `data`, as the API server does).
public struct ObjectChange: Equatable, Sendable {
    public enum Status: String, Sendable {
        case created, changed, unchanged, deleted
    }

    /// One leaf that differs.
    public struct Entry: Equatable, Sendable {
        public enum Kind: String, Sendable { case added, removed, changed }
        /// Display path such as `data.password` or `metadata.labels[app.kubernetes.io/name]`.
        public var path: String
        public var kind: Kind
        /// The values, only rendered with `--show-values`.
        var before: String?
        var after: String?
        /// `ValueFingerprint`s of the values, rendered beside the masked entry (`--fingerprint`).
        var fingerprints: (before: String?, after: String?)?

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.path == rhs.path && lhs.kind == rhs.kind && lhs.before == rhs.before && lhs.after == rhs.after
                && lhs.fingerprints?.before == rhs.fingerprints?.before && lhs.fingerprints?.after == rhs.fingerprints?.after
        }
    }

    public var identity: ObjectIdentity
    public var status: Status
    public var entries: [Entry]

    /// Compares `before` (live or older revision; nil when absent) with `after` (nil when removed).
    public static func between(_ before: ManifestValue?, _ after: ManifestValue?) -> ObjectChange? {
        guard let identity = (after ?? before).flatMap(ObjectIdentity.init) else { return nil }
        let old = before.map(Self.leaves) ?? [:]
        let new = after.map(Self.leaves) ?? [:]
        var entries: [Entry] = []
        for (path, value) in new where !identityPaths.contains(path) {
            if let previous = old[path] {
                if previous != value { entries.append(Entry(path: path, kind: .changed, before: previous, after: value)) }
            } else {
                entries.append(Entry(path: path, kind: .added, before: nil, after: value))
            }
        }
        for (path, value) in old where new[path] == nil && !identityPaths.contains(path) {
            entries.append(Entry(path: path, kind: .removed, before: value, after: nil))
        }
        entries.sort { $0.path < $1.path }
        let status: Status = before == nil ? .created : after == nil ? .deleted : entries.isEmpty ? .unchanged : .changed
        return ObjectChange(identity: identity, status: status, entries: entries)
    }

    /// This change with each entry's values fingerprinted by `fingerprint` (one key for both sides,
    /// so equal values show equal fingerprints).
    func fingerprinted(with fingerprint: ValueFingerprint) -> ObjectChange {
        var change = self
        for index in change.entries.indices {
            let entry = change.entries[index]
            change.entries[index].fingerprints = (entry.before.map { fingerprint(path: entry.path, value: $0) },
                                                  entry.after.map { fingerprint(path: entry.path, value: $0) })
        }
        return change
    }

    /// What names the object (already in the header line).
    static let identityPaths: Set<String> = ["apiVersion", "kind", "metadata.name", "metadata.namespace"]

    /// Fields the API server owns or that would repeat the object (the last-applied annotation
    /// holds the whole previous object, values included): never compared, never shown.
    static let ignoredMetadata: Set<String> = ["uid", "resourceVersion", "generation", "creationTimestamp",
                                               "managedFields", "selfLink"]
    static let ignoredAnnotations: Set<String> = ["kubectl.kubernetes.io/last-applied-configuration"]

    /// Every compared leaf as path → rendered value.
    static func leaves(_ object: ManifestValue) -> [String: String] {
        var result: [String: String] = [:]
        var object = object
        if SecretView.isSecret(object) { object = foldStringData(object) }
        for field in object.fields ?? [] where field.key != "status" {
            var value = field.value
            if field.key == "metadata", case .object(var metadata) = value {
                metadata.removeAll { ignoredMetadata.contains($0.key) }
                if let index = metadata.firstIndex(where: { $0.key == "annotations" }), case .object(var notes) = metadata[index].value {
                    notes.removeAll { ignoredAnnotations.contains($0.key) }
                    if notes.isEmpty { metadata.remove(at: index) } else { metadata[index].value = .object(notes) }
                }
                value = .object(metadata)
            }
            if field.key == "data", SecretView.isSecret(object), case .object(let data) = value {
                for entry in data { result["data" + component(entry.key)] = decodedText(entry.value) }
                continue
            }
            flatten(value, path: segment(field.key, first: true), into: &result)
        }
        return result
    }

    private static func flatten(_ value: ManifestValue, path: String, into result: inout [String: String]) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for field in fields { flatten(field.value, path: path + component(field.key), into: &result) }
        case .array(let items) where !items.isEmpty:
            for (index, item) in items.enumerated() { flatten(item, path: path + "[\(index)]", into: &result) }
        default:
            result[path] = value.scalarText.map(ManifestValue.quoted) ?? value.json
        }
    }

    /// `stringData` merged into `data` (base64), as the API server stores a Secret.
    static func foldStringData(_ object: ManifestValue) -> ManifestValue {
        guard let stringData = object["stringData"]?.fields else { return object }
        var object = object
        var data = object["data"]?.fields ?? []
        for field in stringData {
            let encoded = ManifestValue.string(Base64.encode(Array((field.value.scalarText ?? "").utf8)))
            if let index = data.firstIndex(where: { $0.key == field.key }) { data[index].value = encoded } else { data.append(.init(field.key, encoded)) }
        }
        object["data"] = .object(data)
        object["stringData"] = nil
        return object
    }

    private static func decodedText(_ value: ManifestValue) -> String {
        guard let text = value.stringValue, let bytes = Base64.decode(text) else { return value.json }
        if let string = String(validating: bytes, as: UTF8.self) { return ManifestValue.quoted(string) }
        return "base64:" + text
    }

    private static func component(_ key: String) -> String { segment(key, first: false) }

    private static func segment(_ key: String, first: Bool) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return plain ? (first ? key : "." + key) : "[\(key)]"
    }
}

/// Renders object changes for the terminal, values masked unless asked for.
public enum ChangeReport {
    /// One header line per changed object, one line per changed leaf; unchanged objects are
    /// omitted. A masked entry shows its fingerprints when it has them: `changed (1a2b3c4d => 5e6f7a8b)`.
    public static func render(_ changes: [ObjectChange], showValues: Bool, label: (ObjectChange) -> String = { "\($0.identity)" }) -> String {
        var out = ""
        for change in changes where change.status != .unchanged {
            out += "\(label(change)): \(change.status.rawValue)\n"
            for entry in change.entries {
                let sign = entry.kind == .added ? "+" : entry.kind == .removed ? "-" : "~"
                out += "  \(sign) \(entry.path): "
                if !showValues {
                    out += entry.kind.rawValue
                    if let fingerprints = entry.fingerprints {
                        out += " (" + [fingerprints.before, fingerprints.after].compactMap { $0 }.joined(separator: " => ") + ")"
                    }
                } else {
                    switch entry.kind {
                    case .added: out += entry.after ?? ""
                    case .removed: out += entry.before ?? ""
                    case .changed: out += (entry.before ?? "") + " => " + (entry.after ?? "")
                    }
                }
                out += "\n"
            }
        }
        return out
    }
}
