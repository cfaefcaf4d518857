import GitFilter
import KeySources
import KubectlPlugin

/// `gitsops ls` output: a block of lines per file, or JSON whose field names are documented in
/// docs/cluster-workflow.md (scripts rely on them: add fields, never rename them).
enum InventoryReport {
    static func text(_ entries: [SecretsInventory.Entry]) -> String {
        var out = ""
        for entry in entries {
            out += entry.path + "\n"
            if let rule = entry.rule {
                let regex = rule.pathRegex.map { $0.isEmpty ? "(every file)" : $0 } ?? "(every file)"
                let note = entry.matchesRule == false ? " (the file names other keys: run `gitsops updatekeys \(entry.path)`)" : ""
                out += "  rule: \(regex)\(note)\n"
            } else {
                out += "  rule: none: \(entry.ruleProblem ?? "")\n"
            }
            if let problem = entry.problem { out += "  problem: \(problem)\n" }
            if let metadata = entry.metadata {
                for (index, group) in metadata.keyGroups.enumerated() {
                    let label = metadata.keyGroups.count > 1 ? "group \(index + 1)" : "key"
                    out += group.map { "  \(label): \(describe($0))\n" }.joined()
                }
                out += "  lastmodified: \(metadata.lastModified.rfc3339)\n"
            }
            if let decryptable = entry.decryptable {
                // sops' data-key error is several lines (one per group and key): kept, indented.
                let reason = (entry.accessProblem ?? "no key works").split(separator: "\n").map { "\n    " + $0 }.joined()
                out += "  you can decrypt: " + (decryptable ? "yes" : "no" + reason) + "\n"
            }
        }
        return out
    }

    static func json(_ entries: [SecretsInventory.Entry], revision: String?) -> String {
        let files = entries.map { entry -> ManifestValue in
            let metadata = entry.metadata
            return .object([
                .init("path", .string(entry.path)),
                .init("encrypted", .bool(metadata != nil)),
                .init("problem", entry.problem.map(ManifestValue.string) ?? .null),
                .init("rule", entry.rule.map { .object([.init("path_regex", .string($0.pathRegex ?? ""))]) } ?? .null),
                .init("rule_problem", entry.ruleProblem.map(ManifestValue.string) ?? .null),
                .init("matches_rule", entry.matchesRule.map(ManifestValue.bool) ?? .null),
                .init("lastmodified", metadata.map { .string($0.lastModified.rfc3339) } ?? .null),
                .init("shamir_threshold", metadata.map { .number(String($0.shamirThreshold)) } ?? .null),
                .init("key_groups", .array((metadata?.keyGroups ?? []).map { .array($0.map(object)) })),
                .init("can_decrypt", entry.decryptable.map(ManifestValue.bool) ?? .null),
                .init("decrypt_problem", entry.accessProblem.map(ManifestValue.string) ?? .null),
            ])
        }
        return ManifestValue.object([.init("revision", revision.map(ManifestValue.string) ?? .null),
                                     .init("files", .array(files))]).prettyJSON
    }

    /// One key on one line: its type and identity, with a KMS key's role, context and profile.
    static func describe(_ key: MasterKey) -> String {
        guard case .awsKMS(let kms) = key else { return "\(key.type.rawValue) \(key.identity)" }
        var text = "kms \(kms.arn)"
        if !kms.role.isEmpty { text += " role \(kms.role)" }
        if !kms.context.isEmpty { text += " context " + kms.context.keys.sorted().map { "\($0)=\(kms.context[$0]!)" }.joined(separator: ",") }
        if !kms.awsProfile.isEmpty { text += " profile \(kms.awsProfile)" }
        return text
    }

    /// A key as JSON, with sops' metadata field names.
    static func object(_ key: MasterKey) -> ManifestValue {
        var fields: [ManifestValue.Field] = [.init("type", .string(key.type.rawValue))]
        switch key {
        case .age(let k): fields.append(.init("recipient", .string(k.recipient)))
        case .pgp(let k): fields.append(.init("fingerprint", .string(k.fingerprint)))
        case .awsKMS(let k):
            fields += [.init("arn", .string(k.arn)), .init("role", .string(k.role)),
                       .init("context", .object(k.context.keys.sorted().map { .init($0, .string(k.context[$0]!)) })),
                       .init("aws_profile", .string(k.awsProfile))]
        case .gcpKMS(let k): fields.append(.init("resource_id", .string(k.resourceID)))
        case .azureKeyVault(let k):
            fields += [.init("vault_url", .string(k.vaultURL)), .init("name", .string(k.name)), .init("version", .string(k.version))]
        case .vaultTransit(let k):
            fields += [.init("vault_address", .string(k.vaultAddress)), .init("engine_path", .string(k.enginePath)),
                       .init("key_name", .string(k.keyName))]
        case .huaweiKMS(let k): fields.append(.init("key_id", .string(k.keyID)))
        }
        return .object(fields)
    }
}
